import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { crc32, deflateSync } from 'node:zlib'
import { H5App, TEXT } from '../lib/h5-app.mjs'
import { takeScreenshot } from '../lib/screenshots.mjs'

/**
 * A square PNG avatar: a WeChat-green disc with a lighter ring, drawn pixel by pixel (no image library).
 * @param {number} size
 */
function avatarPng(size) {
  const rows = []
  const c = (size - 1) / 2
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3)
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c) / c
      const [r, g, b] = d < 0.55 ? [255, 255, 255] : d < 0.7 ? [149, 236, 105] : [7, 193, 96]
      row.set([r, g, b], 1 + x * 3)
    }
    rows.push(row)
  }
  /** @param {string} type @param {Buffer} data */
  const chunk = (type, data) => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length, 0)
    head.write(type, 4, 'latin1')
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
    return Buffer.concat([head, data, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/**
 * A profile filled in on WeChat (avatar, nickname, phone through the API, as the mini program sends them)
 * shows on H5, which offers none of WeChat's identity flows itself: read-only, masked phone, no pickers.
 * @param {() => import('../lib/environment.mjs').Environment} env
 */
export function profileScenario(env) {
  describe('a profile filled in on WeChat, shown on H5', () => {
    const devUser = `e2e-${randomUUID().slice(0, 8)}`
    /** @type {import('playwright-core').BrowserContext | undefined} */
    let context
    after(() => context?.close())

    it('shows the avatar, nickname and masked phone on 我的 and 首页, with none of WeChat’s pickers', async () => {
      const made = await env().newContext()
      context = made.context
      const app = new H5App(await context.newPage(), { ...env(), devUser })
      await app.open('mine')
      await app.waitForText(TEXT.login)
      assert.equal(await app.isShowing('手机号快捷登录'), false, 'no phone login on H5')
      assert.equal(await app.isShowing('《隐私保护指引》'), false, 'no WeChat privacy guide on H5')
      await app.loginOnMine()
      const token = await app.storedToken()
      const { apiBaseUrl } = env()
      const auth = { authorization: `Bearer ${token}` }
      const form = new FormData()
      form.append('file', new Blob([avatarPng(192)], { type: 'image/png' }), 'avatar.png')
      const avatar = await fetch(`${apiBaseUrl}/profile/avatar`, { method: 'POST', headers: auth, body: form })
      assert.equal(avatar.status, 200, 'the avatar upload is accepted')
      const { avatarUrl } = await avatar.json()
      const json = { ...auth, 'content-type': 'application/json' }
      const renamed = await fetch(`${apiBaseUrl}/profile`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ nickname: '小鱼' }),
      })
      assert.equal(renamed.status, 200, 'the nickname is saved')
      const phone = await fetch(`${apiBaseUrl}/profile/phone`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ phoneCode: 'dev-phone:13800000000' }),
      })
      assert.equal(phone.status, 200, 'the phone number is bound')

      await app.reload()
      await app.waitForText('小鱼')
      await app.waitForText('138****0000')
      assert.equal(await app.isShowing('保存昵称'), false, 'no nickname input on H5')
      assert.equal(await app.isShowing('绑定手机号'), false, 'no phone binding on H5')
      const shown = app.screen().locator(`img[src="${avatarUrl}"]`).first()
      await shown.waitFor({ state: 'visible' })
      await app.page.waitForFunction((src) => {
        const img = [...document.querySelectorAll('img')].find((i) => i.src === src && i.offsetParent)
        return img?.complete && img.naturalWidth > 0
      }, avatarUrl)
      await takeScreenshot(app.page, env().root, 'mine-profile')
      await app.switchTab('home')
      await app.waitForText('你好，小鱼')
      await app.screen().locator(`img[src="${avatarUrl}"]`).first().waitFor({ state: 'visible' })
      await takeScreenshot(app.page, env().root, 'home-profile')
    })
  })
}
