import { crc32 } from 'node:zlib'
import { fromBuffer } from 'file-type'
import { imageSize } from 'image-size'
import { ApiError } from './errors'

/** The largest avatar accepted: 2 MB. */
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024
/** Larger sides than this are not an avatar, and decoders would spend memory on them. */
export const AVATAR_MAX_SIDE_PX = 8192

/** The image types an avatar may be, by the MIME type its bytes show, with the extension it is served under. */
export const AVATAR_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const

/** A MIME type an avatar may have. */
export type AvatarMime = keyof typeof AVATAR_TYPES

/** What the bytes of an accepted avatar are. */
export interface AvatarImage {
  /** The type the bytes show (the name and declared type of the upload are ignored). */
  mime: AvatarMime
  /** The extension it is served under. */
  ext: (typeof AVATAR_TYPES)[AvatarMime]
  /** Pixel width. */
  width: number
  /** Pixel height. */
  height: number
}

const invalid = (detail: string) => new ApiError('INVALID_IMAGE', detail)

/**
 * Checks that `bytes` are one whole JPEG, PNG or WebP image: the type from its signature (file-type), its
 * dimensions from its header (image-size), and its structure to the last byte, so a truncated file, a
 * valid header over other bytes or trailing data is refused. Throws `INVALID_IMAGE` / `IMAGE_TOO_LARGE`.
 */
export async function inspectAvatar(bytes: Uint8Array): Promise<AvatarImage> {
  if (bytes.length > AVATAR_MAX_BYTES) throw new ApiError('IMAGE_TOO_LARGE', `avatar of ${bytes.length} bytes`)
  if (bytes.length === 0) throw invalid('empty upload')
  const detected = await fromBuffer(bytes)
  const mime = detected?.mime
  if (mime !== 'image/jpeg' && mime !== 'image/png' && mime !== 'image/webp') {
    throw invalid(`not an accepted image type (${mime ?? 'unknown'})`)
  }
  let size: ReturnType<typeof imageSize>
  try {
    size = imageSize(bytes)
  } catch {
    throw invalid('image header cannot be read')
  }
  const { width, height } = size
  if (!(width > 0 && height > 0 && width <= AVATAR_MAX_SIDE_PX && height <= AVATAR_MAX_SIDE_PX)) {
    throw invalid('image dimensions out of range')
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  const whole = mime === 'image/png' ? wholePng(buffer) : mime === 'image/jpeg' ? wholeJpeg(buffer) : wholeWebp(buffer)
  if (!whole) throw invalid('image structure incomplete or corrupt')
  return { mime, ext: AVATAR_TYPES[mime], width, height }
}

// PNG: the signature, then chunks (length, type, data, CRC) starting with IHDR and ending with IEND at the last byte.
function wholePng(bytes: Buffer): boolean {
  let offset = 8
  let first = true
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const end = offset + 12 + length
    if (length > 0x7fffffff || end > bytes.length) return false
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    if (first && type !== 'IHDR') return false
    first = false
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(offset + 8 + length)) return false
    offset = end
    if (type === 'IEND') return offset === bytes.length
  }
  return false
}

// JPEG: SOI, marker segments whose lengths stay inside the file up to a frame and a scan, and EOI as the last bytes.
function wholeJpeg(bytes: Buffer): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return false
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) return false
  let offset = 2
  let frame = false
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return false
    const marker = bytes[offset + 1] as number
    if (marker === 0xff) {
      offset++ // fill byte
      continue
    }
    const length = bytes.readUInt16BE(offset + 2)
    if (length < 2 || offset + 2 + length > bytes.length) return false
    if (
      (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) ||
      marker === 0xf7
    ) {
      frame = true
    }
    // Start of scan: entropy-coded data follows up to the EOI already checked at the end.
    if (marker === 0xda) return frame && offset + 2 + length < bytes.length - 2
    offset += 2 + length
  }
  return false
}

// WebP: a RIFF container whose declared size is the file's, holding chunks that fill it exactly.
function wholeWebp(bytes: Buffer): boolean {
  if (bytes.length < 20 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP') {
    return false
  }
  if (bytes.readUInt32LE(4) + 8 !== bytes.length) return false
  let offset = 12
  let image = false
  while (offset + 8 <= bytes.length) {
    const type = bytes.toString('latin1', offset, offset + 4)
    const size = bytes.readUInt32LE(offset + 4)
    const end = offset + 8 + size + (size % 2)
    if (end > bytes.length) return false
    if (type === 'VP8 ' || type === 'VP8L') image = true
    offset = end
  }
  return image && offset === bytes.length
}
