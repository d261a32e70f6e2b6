import Taro from '@tarojs/taro'
import type { FetchResult, paths, User } from '../../sdk'
import { useAuthStore } from '../stores/auth-store'
import { api, uploadApi } from './api'
import { showBlockingLoading } from './loading'
import { profileErrorMessage } from './messages'
import { readSignedIn } from './session'

/** Fetches the signed-in user's profile (`GET /profile`), the store's cached user kept in step (`readSignedIn`). */
export function fetchProfile(): Promise<User | null> {
  return readSignedIn(
    () => api.GET('/profile'),
    (user) => user,
  )
}

type UploadAvatar = paths['/profile/avatar']['post']
type AvatarForm = UploadAvatar['requestBody']['content']['multipart/form-data']

// The client types JSON bodies only; the upload transport sends this form's `file` path as the multipart field.
const postAvatar = uploadApi.POST as unknown as (
  path: '/profile/avatar',
  init: { body: AvatarForm },
) => Promise<FetchResult<UploadAvatar>>

/**
 * Runs one profile change: a blocking loading, the request, the new user into the store (so every page shows
 * it at once and after a relaunch), or the error's Chinese message. Resolves to whether it was saved.
 */
async function saveProfile(
  loadingTitle: string,
  send: () => Promise<{ data?: User; error?: { code: string; status: number } }>,
): Promise<boolean> {
  const token = useAuthStore.getState().token
  if (!token) return false
  const closeLoading = showBlockingLoading(loadingTitle)
  let result: Awaited<ReturnType<typeof send>>
  try {
    result = await send()
  } finally {
    closeLoading()
  }
  const { data, error } = result
  if (error || !data) {
    // A 401 has already ended the session and said so once.
    if (error?.status !== 401) {
      void Taro.showToast({ title: profileErrorMessage(error?.code), icon: 'none', duration: 2500 })
    }
    return false
  }
  const state = useAuthStore.getState()
  if (state.token === token) state.updateUser(data)
  return true
}

/** Uploads the avatar WeChat's chooseAvatar gave (a temporary file) as the signed-in user's avatar. */
export function uploadAvatar(filePath: string): Promise<boolean> {
  return saveProfile('上传中', () => postAvatar('/profile/avatar', { body: { file: filePath } }))
}

/** Saves the nickname (`PATCH /profile`); the server trims and judges it. */
export function saveNickname(nickname: string): Promise<boolean> {
  return saveProfile('保存中', () => api.PATCH('/profile', { body: { nickname } }))
}

/** Binds the phone number behind a `getPhoneNumber` code (`POST /profile/phone`); the user gets it masked. */
export function bindPhone(phoneCode: string): Promise<boolean> {
  return saveProfile('验证中', () => api.POST('/profile/phone', { body: { phoneCode } }))
}
