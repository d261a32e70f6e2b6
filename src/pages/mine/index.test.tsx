import { render, screen } from '@testing-library/react'
import { resetApp } from '../../../tests/jest/app-kit'
import MinePage from './index'

beforeEach(() => {
  resetApp()
  window.history.replaceState(null, '', '/')
})

describe('我的 in an H5 dev build', () => {
  it('names the dev user the login will stand for, h5-demo by default', async () => {
    render(<MinePage />)
    expect(await screen.findByText('开发模式：以 h5-demo 的身份登录')).toBeInTheDocument()
  })

  it('names the user picked with ?devUser=', async () => {
    window.history.replaceState(null, '', '/?devUser=gus#/pages/mine/index')
    render(<MinePage />)
    expect(await screen.findByText('开发模式：以 gus 的身份登录')).toBeInTheDocument()
  })

  it('names no one in a build without the dev login', async () => {
    const previous = process.env.TARO_APP_DEV_LOGIN
    process.env.TARO_APP_DEV_LOGIN = 'false'
    try {
      render(<MinePage />)
      expect(await screen.findByText('微信登录')).toBeInTheDocument()
      expect(screen.queryByText(/开发模式/)).not.toBeInTheDocument()
    } finally {
      process.env.TARO_APP_DEV_LOGIN = previous
    }
  })
})
