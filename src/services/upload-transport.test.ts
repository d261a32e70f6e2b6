import Taro from '@tarojs/taro'
import { recordUi, resetApp } from '../../tests/jest/app-kit'
import { useAuthStore } from '../stores/auth-store'
import { uploadAvatar } from './profile'

const USER = { id: 'u_1', nickname: '微信用户', avatarUrl: 'https://cdn.test/avatars/0a1b.png' }

let ui: ReturnType<typeof recordUi>
beforeEach(() => {
  resetApp()
  ui = recordUi()
  useAuthStore.getState().setSession({
    token: `${'a'.repeat(22)}.${'b'.repeat(43)}`,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    user: { ...USER, avatarUrl: 'https://cdn.test/avatars/old.png' },
  })
})

/** Makes Taro.uploadFile answer like WeChat: the status and the body as text. */
function answerUpload(statusCode: number, data: string) {
  return jest.spyOn(Taro, 'uploadFile').mockImplementation(((option: Taro.uploadFile.Option) => {
    option.success?.({ statusCode, data, errMsg: 'uploadFile:ok' })
    return Promise.resolve({ statusCode, data, errMsg: 'uploadFile:ok' })
  }) as unknown as typeof Taro.uploadFile)
}

describe('uploadAvatar()', () => {
  it('sends the temporary file as the multipart field file, with the bearer token and no JSON content type', async () => {
    const upload = answerUpload(200, JSON.stringify(USER))
    expect(await uploadAvatar('wxfile://tmp_1.png')).toBe(true)
    const option = upload.mock.calls[0]?.[0] as Taro.uploadFile.Option
    expect(option).toMatchObject({ filePath: 'wxfile://tmp_1.png', name: 'file' })
    expect(option.url).toMatch(/\/profile\/avatar$/)
    expect(option.header).toMatchObject({ authorization: `Bearer ${useAuthStore.getState().token}` })
    expect(Object.keys(option.header ?? {}).map((k) => k.toLowerCase())).not.toContain('content-type')
    expect(useAuthStore.getState().user?.avatarUrl).toBe(USER.avatarUrl)
    expect(ui.loading).toEqual(['上传中'])
  })

  it('trusts no answer the spec does not vouch for: an HTML page or a body that is not a User changes nothing', async () => {
    for (const data of ['<html>portal</html>', JSON.stringify({ id: 1 }), '']) {
      answerUpload(200, data)
      expect(await uploadAvatar('wxfile://tmp_2.png')).toBe(false)
    }
    expect(useAuthStore.getState().user?.avatarUrl).toBe('https://cdn.test/avatars/old.png')
    expect(ui.toasts).toEqual([
      '服务暂时不可用，请稍后再试',
      '服务暂时不可用，请稍后再试',
      '服务暂时不可用，请稍后再试',
    ])
  })

  it('says in Chinese why the server refused the image', async () => {
    answerUpload(413, JSON.stringify({ code: 'IMAGE_TOO_LARGE', message: 'too large' }))
    expect(await uploadAvatar('wxfile://tmp_3.png')).toBe(false)
    expect(ui.toasts).toEqual(['图片不能超过 2 MB，请换一张'])
  })

  it('says the network is down when uploadFile fails', async () => {
    jest.spyOn(Taro, 'uploadFile').mockImplementation(((option: Taro.uploadFile.Option) => {
      option.fail?.({ errMsg: 'uploadFile:fail net::ERR_CONNECTION_REFUSED' })
      return Promise.reject(new Error('uploadFile:fail'))
    }) as unknown as typeof Taro.uploadFile)
    expect(await uploadAvatar('wxfile://tmp_4.png')).toBe(false)
    expect(ui.toasts).toEqual(['网络不可用，请检查网络后重试'])
  })
})
