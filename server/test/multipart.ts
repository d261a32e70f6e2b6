// Builds multipart/form-data bodies by hand, as WeChat's uploadFile sends them, including malformed ones.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One part of a multipart body. */
export interface Part {
  /** The form field name. */
  name: string
  /** Present for a file part. */
  filename?: string
  /** The part's declared Content-Type. */
  contentType?: string
  /** The bytes. */
  data: Uint8Array | string
}

/** A body with its Content-Type header, ready for `inject` or `fetch`. */
export function multipart(parts: Part[]): { payload: Buffer; headers: { 'content-type': string } } {
  const boundary = `----miniauth${randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`
    const type = part.contentType === undefined ? '' : `Content-Type: ${part.contentType}\r\n`
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`))
    chunks.push(Buffer.from(part.data))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** A one-file upload in field `file`, as `Taro.uploadFile({ name: 'file' })` sends it. */
export function avatarUpload(data: Uint8Array, filename = 'tmp_avatar.jpg', contentType = 'image/jpeg') {
  return multipart([{ name: 'file', filename, contentType, data }])
}

/** The small real images under `server/test/fixtures` (48×48 JPEG and PNG, 1×1 WebP). */
export function fixtureImage(kind: 'jpg' | 'png' | 'webp'): Buffer {
  return readFileSync(join(__dirname, 'fixtures', `avatar.${kind}`))
}
