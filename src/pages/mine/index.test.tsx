import { render, screen } from '@testing-library/react'
import { backend } from '../../../mocks/handlers'
import { resetApp } from '../../../tests/jest/app-kit'
import { useAuthStore } from '../../stores/auth-store'
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

describe('我的 on H5, which has none of WeChat’s identity capabilities', () => {
  it('offers no 手机号快捷登录 and no privacy guide link when signed out', async () => {
    render(<MinePage />)
    expect(await screen.findByText('微信登录')).toBeInTheDocument()
    expect(screen.queryByText('手机号快捷登录')).not.toBeInTheDocument()
    expect(screen.queryByText('《隐私保护指引》')).not.toBeInTheDocument()
  })

  it('shows the profile read-only when signed in: no avatar picker, nickname input or phone binding', async () => {
    const session = backend.login('dev:fish')
    backend.updateProfile(session.token, { nickname: '小鱼', phone: { number: '13800000000', masked: '138****0000' } })
    useAuthStore.getState().setSession(session)
    render(<MinePage />)
    expect(await screen.findByText('小鱼')).toBeInTheDocument()
    expect(screen.getByText('138****0000')).toBeInTheDocument()
    expect(screen.queryByText('保存昵称')).not.toBeInTheDocument()
    expect(screen.queryByText('绑定手机号')).not.toBeInTheDocument()
  })
})
