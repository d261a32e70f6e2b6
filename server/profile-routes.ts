import type { FastifyReply, FastifyRequest } from 'fastify'
import type { components } from '../sdk/api/schema'
import { AVATAR_MAX_BYTES, inspectAvatar } from './avatar-image'
import { AVATAR_FILE_PATTERN, type AvatarStore, avatarFileName } from './avatar-store'
import { ApiError, errorBody } from './errors'
import { judgeNickname } from './nickname'
import type { NicknameScreen } from './nickname-screen'
import type { PhoneVerifier } from './phone'
import type { OperationHandler } from './routes'
import { refusedToken, signedInSession, signedInUser } from './session-ended'
import type { SessionStore } from './store'

type Schemas = components['schemas']

/** What the profile handlers need. */
export interface ProfileDependencies {
  /** Users and sessions. */
  store: SessionStore
  /** Phone code verification (WeChat's or dev). */
  phone: PhoneVerifier
  /** Where uploaded avatars are kept. */
  avatars: AvatarStore
  /** Absolute base URL avatars are served under. */
  publicBaseUrl: string
  /** WeChat's text security check of nicknames, where credentials are configured. */
  nicknameScreen?: NicknameScreen
}

/** Uploaded avatars are cached for a year: a new image has a new name. */
export const AVATAR_CACHE_CONTROL = 'public, max-age=31536000, immutable'

// One file part and a few small fields (uploadFile's formData); anything bigger or more is not ours.
const UPLOAD_LIMITS = { fileSize: AVATAR_MAX_BYTES, files: 1, fields: 8, fieldSize: 1024, parts: 9, headerPairs: 20 }

/** The bytes of the upload's one `file` part; `IMAGE_TOO_LARGE` past 2 MB, `INVALID_REQUEST` for any other shape. */
async function readAvatarUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw new ApiError('INVALID_REQUEST', 'avatar upload is not multipart/form-data')
  let file: Buffer | null = null
  try {
    for await (const part of request.parts({ limits: UPLOAD_LIMITS })) {
      if (part.type !== 'file') continue
      if (part.fieldname !== 'file') throw new ApiError('INVALID_REQUEST', 'file part not named file')
      file = await part.toBuffer()
    }
  } catch (error) {
    if (error instanceof ApiError) throw error
    const code = (error as { code?: unknown }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new ApiError('IMAGE_TOO_LARGE', 'avatar over 2 MB')
    throw new ApiError('INVALID_REQUEST', `unreadable multipart body (${typeof code === 'string' ? code : 'parse'})`)
  }
  if (file === null) throw new ApiError('INVALID_REQUEST', 'no file part')
  return file
}

/** The handlers of `PATCH /profile`, `POST /profile/avatar` and `POST /profile/phone`. */
export function createProfileHandlers(
  deps: ProfileDependencies,
): Record<'updateProfile' | 'uploadAvatar' | 'bindPhone', OperationHandler> {
  const { store } = deps

  async function update(token: string | null, changes: Parameters<SessionStore['updateProfile']>[1]) {
    const user = token === null ? null : await store.updateProfile(token, changes)
    if (!user) throw await refusedToken(store, token)
    return user
  }

  return {
    async updateProfile({ request, token }): Promise<Schemas['User']> {
      const nickname = judgeNickname((request.body as Schemas['UpdateProfileRequest']).nickname)
      if (deps.nicknameScreen) {
        const identity = token === null ? null : await store.identityOf(token)
        if (identity === null) throw await refusedToken(store, token)
        // WeChat's check judges a WeChat user by their openid; another platform's user is judged by our own
        // rules alone (as in dev mode): WeChat is never sent another platform's openid.
        if (identity.platform === 'wechat') await deps.nicknameScreen.screen(nickname, identity.openid)
      }
      const user = await update(token, { nickname })
      request.log.info('nickname changed')
      return user
    },

    async uploadAvatar({ request, token }): Promise<Schemas['User']> {
      // A dead token is refused before any byte is read or stored.
      await signedInUser(store, token)
      const bytes = await readAvatarUpload(request)
      const image = await inspectAvatar(bytes)
      const name = avatarFileName(bytes, image.mime)
      await deps.avatars.put(name, { bytes, mime: image.mime })
      const user = await update(token, { avatarUrl: `${deps.publicBaseUrl}/avatars/${name}` })
      request.log.info({ bytes: bytes.length, type: image.mime }, 'avatar changed')
      return user
    },

    async bindPhone({ request, token }): Promise<Schemas['User']> {
      const { phoneCode } = request.body as Schemas['BindPhoneRequest']
      // Checked first, so a phone code (single use) is not spent for a session that cannot use it.
      const session = await signedInSession(store, token)
      // Phone verification is WeChat's: another platform's user is refused before any call is made.
      if (session.platform !== 'wechat') {
        throw new ApiError('PHONE_NOT_ALLOWED', `phone binding for a ${session.platform} user`)
      }
      const phone = await deps.phone.verify(phoneCode)
      const user = await update(token, { phone })
      request.log.info('phone number bound')
      return user
    },
  }
}

/** Sends the uploaded avatar stored as `name`, or 404 when there is none. */
export async function sendUploadedAvatar(avatars: AvatarStore, name: string, reply: FastifyReply) {
  const avatar = AVATAR_FILE_PATTERN.test(name) ? await avatars.get(name) : null
  if (!avatar) return reply.code(404).send(errorBody('NOT_FOUND'))
  return reply
    .type(avatar.mime)
    .header('cache-control', AVATAR_CACHE_CONTROL)
    .header('cross-origin-resource-policy', 'cross-origin')
    .send(avatar.bytes)
}
