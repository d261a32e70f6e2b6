import { isAbsolute, join, resolve } from 'node:path'
import type { Env } from './config'
import { createSqliteStore, type SqliteSessionStore } from './sqlite-store'

/** Where the embedded store keeps its file unless told otherwise (relative to the working directory). */
export const DEFAULT_DATA_DIR = '.data'
/** The embedded store's file name inside `DATA_DIR`. */
export const SQLITE_FILE_NAME = 'miniauth.sqlite'

/** The SQLite file the server uses: `SQLITE_PATH`, else `<DATA_DIR>/miniauth.sqlite`, as an absolute path. */
export function sqlitePathFrom(env: Env, cwd: string = process.cwd()): string {
  const path = env.SQLITE_PATH || join(env.DATA_DIR || DEFAULT_DATA_DIR, SQLITE_FILE_NAME)
  return isAbsolute(path) ? path : resolve(cwd, path)
}

/** Where uploaded avatars are kept: `AVATAR_DIR`, else `<DATA_DIR>/avatars`, as an absolute path. */
export function avatarDirFrom(env: Env, cwd: string = process.cwd()): string {
  const path = env.AVATAR_DIR || join(env.DATA_DIR || DEFAULT_DATA_DIR, 'avatars')
  return isAbsolute(path) ? path : resolve(cwd, path)
}

/**
 * The default store when no Redis is configured: SQLite on disk, so a restart keeps every user and session.
 * A file that cannot be opened stops the start with a message naming it, instead of a store that loses data.
 */
export function openEmbeddedStore(env: Env): SqliteSessionStore {
  const path = sqlitePathFrom(env)
  try {
    return createSqliteStore({ path })
  } catch (error) {
    throw new Error(
      `cannot open the session database ${path} (${error instanceof Error ? error.message : String(error)}); ` +
        'set DATA_DIR to a writable folder or SQLITE_PATH to a file',
      { cause: error },
    )
  }
}
