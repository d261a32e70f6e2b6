import Taro from '@tarojs/taro'
import { recordUi, resetApp } from '../../tests/jest/app-kit'
import { openLoadingCount, showBlockingLoading } from './loading'

let ui: ReturnType<typeof recordUi>
beforeEach(() => {
  resetApp()
  ui = recordUi()
})

describe('showBlockingLoading()', () => {
  it('leaves a later loading up when an earlier one closes', () => {
    const closeLogout = showBlockingLoading('退出登录中')
    const closeLogin = showBlockingLoading('登录中')
    closeLogout()
    expect(ui.hidden).toBe(0)
    closeLogin()
    expect(ui.hidden).toBe(1)
    expect(openLoadingCount()).toBe(0)
  })

  it('brings back the loading below when the one on top closes', () => {
    const closeFirst = showBlockingLoading('退出登录中')
    const closeSecond = showBlockingLoading('登录中')
    closeSecond()
    expect(ui.loading).toEqual(['退出登录中', '登录中', '退出登录中'])
    closeFirst()
    expect(ui.hidden).toBe(1)
  })

  it('never closes a toast shown after it', () => {
    const hide = jest.spyOn(Taro, 'hideLoading')
    showBlockingLoading('退出登录中')()
    expect(hide).toHaveBeenCalledWith({ noConflict: true })
  })

  it('ignores a second close of the same loading', () => {
    const close = showBlockingLoading('登录中')
    close()
    close()
    expect(ui.hidden).toBe(1)
    expect(openLoadingCount()).toBe(0)
  })
})
