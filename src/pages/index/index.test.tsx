import { fireEvent, render, screen } from '@testing-library/react'
import { http } from '../../../mocks/handlers'
import { server } from '../../../mocks/node'
import IndexPage from './index'

describe('首页', () => {
  it('shows the feed the server returns after a tap on 刷新', async () => {
    render(<IndexPage />)
    expect(screen.queryByText('欢迎使用 miniauth')).not.toBeInTheDocument()
    fireEvent.click(screen.getByText('刷新'))
    expect(await screen.findByText('欢迎使用 miniauth')).toBeInTheDocument()
  })

  it('renders what a per-test handler answers', async () => {
    server.use(
      http.get('/feed', ({ response }) =>
        response(200).json({ items: [{ id: 'x', title: '另一条', summary: '', scope: 'public' }] }),
      ),
    )
    render(<IndexPage />)
    fireEvent.click(screen.getByText('刷新'))
    expect(await screen.findByText('另一条')).toBeInTheDocument()
  })
})
