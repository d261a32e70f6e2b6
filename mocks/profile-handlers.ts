import { HttpResponse } from 'msw'
import { AVATAR_MAX_BYTES, inspectAvatar } from '../server/avatar-image'
import { avatarFileName } from '../server/avatar-store'
import { type Bearer, readBearer } from '../server/bearer'
import { ApiError } from '../server/errors'
import { judgeNickname } from '../server/nickname'
import { createDevPhoneVerifier } from '../server/phone'
import type { MockBackend } from './backend'

/** The dev phone codes the reference server accepts, with the same answers: `dev-phone:<number>`, `dev-phone-error:<errcode>`. */
export const mockPhones = createDevPhoneVerifier()

/** An `ApiError` as the reference server answers it. */
export function errorResponse(error: unknown): HttpResponse<never> {
  if (!(error instanceof ApiError)) throw error
  return HttpResponse.json(error.toBody(), { status: error.statusCode }) as unknown as HttpResponse<never>
}

/** The Authorization header as the reference server reads it (the same function). */
export function bearerOf(request: Request): Bearer {
  return readBearer(request.headers.get('authorization') ?? undefined)
}

/** The token of a request that requires one: a malformed header is 400, none or a dead one 401. */
export function requireToken(request: Request, backend: MockBackend): string {
  const bearer = bearerOf(request)
  if (bearer.kind === 'malformed') throw new ApiError('INVALID_REQUEST', 'not a Bearer credential')
  if (bearer.kind !== 'token') throw new ApiError('SESSION_EXPIRED', 'no live token')
  // A dead token is answered as the reference server does: with why it ended.
  if (!backend.userFor(bearer.token)) throw new ApiError(backend.endedCode(bearer.token), 'no live token')
  return bearer.token
}

/** A JSON object body with exactly the string field `field`, like the contract's request schemas; else 400 `code`. */
export async function stringField(request: Request, field: string, code: 'INVALID_REQUEST' | 'INVALID_CODE') {
  const body: unknown = await request.json().catch(() => null)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(code, 'not an object')
  const value = (body as Record<string, unknown>)[field]
  if (typeof value !== 'string' || Object.keys(body).some((key) => key !== field)) throw new ApiError(code, 'bad field')
  return value
}

/** `PATCH /profile`: the server's own nickname rules. */
export async function updateProfile(request: Request, backend: MockBackend) {
  const token = requireToken(request, backend)
  const nickname = judgeNickname(await stringField(request, 'nickname', 'INVALID_REQUEST'))
  const user = backend.updateProfile(token, { nickname })
  if (!user) throw new ApiError(backend.endedCode(token), 'session ended')
  return user
}

/** `POST /profile/phone`: dev phone codes, as the reference server in dev mode. */
export async function bindPhone(request: Request, backend: MockBackend) {
  const token = requireToken(request, backend)
  const phoneCode = await stringField(request, 'phoneCode', 'INVALID_REQUEST')
  if (phoneCode.length > 128) throw new ApiError('INVALID_REQUEST', 'phone code too long')
  const phone = await mockPhones.verify(phoneCode)
  const user = backend.updateProfile(token, { phone })
  if (!user) throw new ApiError(backend.endedCode(token), 'session ended')
  return user
}

/** `POST /profile/avatar`: one `file` part, checked by the server's own image inspection. */
export async function uploadAvatar(request: Request, backend: MockBackend, baseUrl: string) {
  const token = requireToken(request, backend)
  if (!/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) {
    throw new ApiError('INVALID_REQUEST', 'not multipart')
  }
  const form = await request.formData().catch(() => null)
  if (!form) throw new ApiError('INVALID_REQUEST', 'unreadable multipart body')
  let files = 0
  form.forEach((value) => {
    if (typeof value !== 'string') files++
  })
  const file = form.get('file')
  if (files !== 1 || file === null || typeof file === 'string') {
    throw new ApiError('INVALID_REQUEST', 'not one file part named file')
  }
  if (file.size > AVATAR_MAX_BYTES) throw new ApiError('IMAGE_TOO_LARGE', 'avatar over 2 MB')
  const bytes = new Uint8Array(await file.arrayBuffer())
  const image = await inspectAvatar(bytes)
  const user = backend.updateProfile(token, {
    avatarUrl: `${baseUrl}/avatars/${avatarFileName(bytes, image.mime)}`,
  })
  if (!user) throw new ApiError(backend.endedCode(token), 'session ended')
  return user
}
