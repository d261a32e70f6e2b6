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

/** Renders as the build for `env` would: `APP_PLATFORM` follows `TARO_ENV` in the tests. */
function onPlatform(env: string): () => void {
  const previous = process.env.TARO_ENV
  process.env.TARO_ENV = env as typeof process.env.TARO_ENV
  return () => {
    process.env.TARO_ENV = previous
  }
}

function signIn(): void {
  const session = backend.login('dev:fish')
  backend.updateProfile(session.token, { nickname: '小鱼' })
  useAuthStore.getState().setSession(session)
}

describe('我的 on WeChat, with its identity capabilities', () => {
  let restore: () => void
  beforeEach(() => {
    restore = onPlatform('weapp')
    // Taro's H5 Button passes WeChat's openType on to its div, and React says so; every other error still shows.
    const error = console.error
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (!(String(args[0]).includes('does not recognize the') && args[1] === 'openType')) error(...args)
    })
  })
  afterEach(() => restore())

  it('offers 微信登录, 手机号快捷登录 and the privacy guide link when signed out', async () => {
    render(<MinePage />)
    expect(await screen.findByText('微信登录')).toBeInTheDocument()
    expect(screen.getByText('手机号快捷登录')).toBeInTheDocument()
    expect(screen.getByText('《隐私保护指引》')).toBeInTheDocument()
  })

  it('lets the signed-in user fill in the nickname and bind a phone number', async () => {
    signIn()
    render(<MinePage />)
    expect(await screen.findByText('保存昵称')).toBeInTheDocument()
    expect(screen.getByPlaceholderText('请输入昵称')).toBeInTheDocument()
    expect(screen.getByText('绑定手机号')).toBeInTheDocument()
  })
})

describe.each([
  ['alipay', '支付宝'],
  ['tt', '抖音'],
])('我的 on %s, which has none of WeChat’s identity capabilities the server can use', (env, name) => {
  let restore: () => void
  beforeEach(() => {
    restore = onPlatform(env)
  })
  afterEach(() => restore())

  it(`offers ${name}登录 alone when signed out: no phone login, no privacy guide`, async () => {
    render(<MinePage />)
    expect(await screen.findByText(`${name}登录`)).toBeInTheDocument()
    expect(screen.queryByText('微信登录')).not.toBeInTheDocument()
    expect(screen.queryByText('手机号快捷登录')).not.toBeInTheDocument()
    expect(screen.queryByText('《隐私保护指引》')).not.toBeInTheDocument()
  })

  it('shows the profile read-only when signed in', async () => {
    signIn()
    render(<MinePage />)
    expect(await screen.findByText('小鱼')).toBeInTheDocument()
    expect(screen.queryByText('保存昵称')).not.toBeInTheDocument()
    expect(screen.queryByPlaceholderText('请输入昵称')).not.toBeInTheDocument()
    expect(screen.queryByText('绑定手机号')).not.toBeInTheDocument()
  })
})
