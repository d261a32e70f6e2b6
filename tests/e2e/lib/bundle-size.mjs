import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { listFiles } from './h5-build.mjs'

/**
 * @typedef {object} BundleSize
 * @property {number} files
 * @property {number} raw bytes on disk
 * @property {number} gzip bytes after gzip (level 9, each file on its own, as a web server sends them)
 * @property {{ file: string, raw: number, gzip: number }[]} largest the biggest files first
 */

/**
 * The size of every file of one kind (`.js`, `.css`) in a build.
 * @param {string} dir
 * @param {string} ext
 * @returns {BundleSize}
 */
export function bundleSize(dir, ext) {
  const entries = listFiles(dir)
    .filter((file) => file.endsWith(ext))
    .map((file) => {
      const content = readFileSync(file)
      return { file: relative(dir, file), raw: content.length, gzip: gzipSync(content, { level: 9 }).length }
    })
    .sort((a, b) => b.raw - a.raw)
  return {
    files: entries.length,
    raw: entries.reduce((sum, e) => sum + e.raw, 0),
    gzip: entries.reduce((sum, e) => sum + e.gzip, 0),
    largest: entries.slice(0, 5),
  }
}

/** @param {number} bytes */
export function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`
}
