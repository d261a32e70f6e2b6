import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AVATAR_TYPES, type AvatarMime } from './avatar-image'

/** An avatar's file name: the SHA-256 of its bytes and its type's extension, so a new image is a new URL. */
export const AVATAR_FILE_PATTERN = /^[0-9a-f]{64}\.(jpg|png|webp)$/

/** A stored avatar. */
export interface StoredAvatar {
  /** The image bytes as uploaded. */
  bytes: Buffer
  /** Its MIME type. */
  mime: AvatarMime
}

/**
 * Where uploaded avatars live, by content-hashed name. A directory by default; object storage can
 * implement the same two methods. Content never changes under a name, so writes are idempotent.
 */
export interface AvatarStore {
  /** Stores the bytes under `name` (from `avatarFileName`). */
  put(name: string, avatar: StoredAvatar): Promise<void>
  /** The avatar stored under `name`, or null. */
  get(name: string): Promise<StoredAvatar | null>
}

/** The content-hashed file name of an avatar. */
export function avatarFileName(bytes: Uint8Array, mime: AvatarMime): string {
  return `${createHash('sha256').update(bytes).digest('hex')}.${AVATAR_TYPES[mime]}`
}

const MIME_BY_EXT: Record<string, AvatarMime> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

function mimeOf(name: string): AvatarMime | null {
  const ext = AVATAR_FILE_PATTERN.exec(name)?.[1]
  return ext === undefined ? null : (MIME_BY_EXT[ext] ?? null)
}

/** Avatars as files in `dir` (created when missing); each written to a temporary name and renamed, never half-written. */
export function createDirectoryAvatarStore(dir: string): AvatarStore {
  let ready: Promise<unknown> | null = null
  return {
    async put(name, avatar) {
      if (mimeOf(name) !== avatar.mime) throw new Error('avatar name does not match its type')
      ready ??= mkdir(dir, { recursive: true })
      await ready
      const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`)
      try {
        await writeFile(temporary, avatar.bytes)
        await rename(temporary, join(dir, name))
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },
    async get(name) {
      const mime = mimeOf(name)
      if (mime === null) return null
      try {
        return { bytes: await readFile(join(dir, name)), mime }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
  }
}

/** Avatars in memory, for tests and throwaway servers; `size()` says how many are held. */
export function createMemoryAvatarStore(): AvatarStore & { size(): number } {
  const avatars = new Map<string, StoredAvatar>()
  return {
    async put(name, avatar) {
      if (mimeOf(name) !== avatar.mime) throw new Error('avatar name does not match its type')
      avatars.set(name, { bytes: Buffer.from(avatar.bytes), mime: avatar.mime })
    },
    async get(name) {
      return avatars.get(name) ?? null
    },
    size: () => avatars.size,
  }
}
