// WeChat's identity APIs as the fake `wx` answers them: the privacy guide (onNeedPrivacyAuthorization,
// requirePrivacyAuthorize, getPrivacySetting, openPrivacyContract; errno 104 refused, 112 not declared),
// chooseAvatar's temporary files, getPhoneNumber codes, and uploadFile as real multipart HTTP.
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { callAsync, WxFail, type WxHost } from './wx-api'
import type { RequestRecord, RequestRouting } from './wx-request'

/** The privacy guide of the mini program and this user's answer to it (kept across launches, as WeChat does). */
export interface PrivacyOptions {
  /** The guide's name as configured in the admin console. */
  contractName?: string
  /** APIs the guide declares (default: every privacy API); others fail with errno 112. */
  declared?: string[]
  /** Whether the user has agreed (WeChat remembers it until the guide changes). */
  agreed?: boolean
  /** How the user answers WeChat's own popup when the app registered no listener (default: disagree). */
  officialAnswer?: 'agree' | 'disagree'
}

/** A temporary image chooseAvatar hands over, or 'cancel' when the user closes the sheet. */
export type AvatarChoice = { bytes: Buffer; ext?: 'png' | 'jpg' | 'webp' } | 'cancel'

/** What the getPhoneNumber sheet answers: a code, the user's refusal, or a WeChat failure. */
export type PhoneAnswer = { code: string } | 'deny' | { errMsg: string; errno?: number }

/** The identity settings of a device. */
export interface IdentityDeviceOptions {
  privacy?: PrivacyOptions
  /** The n-th avatar the user picks (from 1). */
  chooseAvatar?: (n: number) => AvatarChoice
  /** The n-th answer of the phone number sheet (from 1). */
  phoneNumber?: (n: number) => PhoneAnswer
}

/** The privacy APIs WeChat gates (what `declared` names). */
export const PRIVACY_APIS = ['chooseAvatar', 'nickname', 'getPhoneNumber', 'requirePrivacyAuthorize'] as const

const ERRNO_REFUSED = 104
const ERRNO_UNDECLARED = 112

/** What happened around the privacy guide, in order. */
export type PrivacyEvent =
  | { kind: 'asked'; referrer: string }
  | { kind: 'resolved'; event: string; buttonId?: string }
  | { kind: 'official-popup'; referrer: string }
  | { kind: 'contract-opened' }

/** Why a privacy API did not run: WeChat's errMsg tail and errno. */
export class PrivacyDenied extends WxFail {}

/** The identity part of the fake for one launch. */
export function identityApis(params: {
  host: WxHost
  device: IdentityDeviceOptions & { avatarsChosen?: number; phoneAsked?: number }
  routing: RequestRouting
  record: (entry: RequestRecord) => void
}) {
  const { host, device, routing, record } = params
  device.privacy ??= {}
  const privacy = device.privacy
  const events: PrivacyEvent[] = []
  const files = new Map<string, { bytes: Buffer; ext: string }>()
  let listener: ((resolve: (o: unknown) => void, info: unknown) => void) | null = null
  // Set only while the user's tap on an agreePrivacyAuthorization button is being dispatched.
  let agreeTap: { buttonId: string } | null = null
  const waiting: Array<(answer: 'agree' | 'disagree') => void> = []

  /** Resolves when `api` may run; rejects with WeChat's privacy failure otherwise. */
  function gate(api: string): Promise<void> {
    const declared = privacy.declared ?? [...PRIVACY_APIS]
    if (!declared.includes(api)) {
      return Promise.reject(
        new PrivacyDenied('api scope is not declared in the privacy agreement', { errno: ERRNO_UNDECLARED }),
      )
    }
    if (privacy.agreed) return Promise.resolve()
    return new Promise<'agree' | 'disagree'>((resolve) => {
      if (!listener) {
        events.push({ kind: 'official-popup', referrer: api })
        resolve(privacy.officialAnswer ?? 'disagree')
        return
      }
      events.push({ kind: 'asked', referrer: api })
      waiting.push(resolve)
      // One popup answers every waiting API; WeChat asks the listener once per waiting API.
      const ask = listener
      host.later(() => {
        let answered = false
        ask(
          host.intoRuntime((option: unknown) => {
            const o = (option ?? {}) as { event?: unknown; buttonId?: unknown }
            const event = String(o.event)
            if (event === 'exposureAuthorization') {
              events.push({ kind: 'resolved', event })
              return
            }
            if (answered) return
            if (event === 'agree') {
              if (!agreeTap) {
                host.reportError(
                  new Error('resolve({event: "agree"}) outside the tap of an agreePrivacyAuthorization button'),
                )
                return
              }
              if (o.buttonId !== undefined && o.buttonId !== agreeTap.buttonId) {
                host.reportError(new Error(`resolve: buttonId ${String(o.buttonId)} is not the tapped button`))
                return
              }
            } else if (event !== 'disagree') {
              host.reportError(new Error(`resolve: unknown event ${event}`))
              return
            }
            answered = true
            events.push({ kind: 'resolved', event, buttonId: typeof o.buttonId === 'string' ? o.buttonId : undefined })
            settleAll(event as 'agree' | 'disagree')
          }),
          host.intoRuntime({ referrer: api }),
        )
      })
    }).then((answer) => {
      if (answer === 'agree') return
      throw new PrivacyDenied('privacy permission is not authorized', { errno: ERRNO_REFUSED })
    })
  }

  function settleAll(answer: 'agree' | 'disagree'): void {
    if (answer === 'agree') privacy.agreed = true
    for (const resolve of waiting.splice(0)) resolve(answer)
  }

  /** Runs `fn` as the user's tap on an agreePrivacyAuthorization button with this id: WeChat then accepts `agree`. */
  function duringAgreeTap(buttonId: string, fn: () => void): void {
    agreeTap = { buttonId }
    try {
      fn()
    } finally {
      agreeTap = null
    }
  }

  /** The chooseAvatar button: the gate, then the sheet; the detail for `bindchooseavatar`, or null when cancelled. */
  async function chooseAvatar(): Promise<Record<string, unknown> | null> {
    try {
      await gate('chooseAvatar')
    } catch (error) {
      if (error instanceof WxFail) return { errMsg: `chooseAvatar:fail ${error.message}`, ...error.extra }
      throw error
    }
    device.avatarsChosen = (device.avatarsChosen ?? 0) + 1
    const choice = device.chooseAvatar?.(device.avatarsChosen) ?? { bytes: TINY_PNG, ext: 'png' }
    if (choice === 'cancel') return null
    const ext = choice.ext ?? 'png'
    const path = `wxfile://tmp_${randomBytes(8).toString('hex')}.${ext}`
    files.set(path, { bytes: choice.bytes, ext })
    return { avatarUrl: path }
  }

  /** The getPhoneNumber button: the gate, then the sheet; the detail for `bindgetphonenumber`. */
  async function getPhoneNumber(): Promise<Record<string, unknown>> {
    try {
      await gate('getPhoneNumber')
    } catch (error) {
      if (error instanceof WxFail) return { errMsg: `getPhoneNumber:fail ${error.message}`, ...error.extra }
      throw error
    }
    device.phoneAsked = (device.phoneAsked ?? 0) + 1
    const answer = device.phoneNumber?.(device.phoneAsked) ?? { code: 'dev-phone:13800000000' }
    if (answer === 'deny') return { errMsg: 'getPhoneNumber:fail user deny' }
    if ('code' in answer) return { errMsg: 'getPhoneNumber:ok', code: answer.code }
    return { ...answer }
  }

  const wx: Record<string, unknown> = {
    onNeedPrivacyAuthorization(fn: unknown) {
      if (typeof fn !== 'function') throw new Error('onNeedPrivacyAuthorization:fail parameter error')
      listener = fn as typeof listener
    },
    requirePrivacyAuthorize: (options: unknown) =>
      callAsync(host, 'requirePrivacyAuthorize', options, async () => {
        await gate('requirePrivacyAuthorize')
        return {}
      }),
    getPrivacySetting: (options: unknown) =>
      callAsync(host, 'getPrivacySetting', options, () => ({
        needAuthorization: !privacy.agreed,
        privacyContractName: privacy.contractName ?? '《miniauth隐私保护指引》',
      })),
    openPrivacyContract: (options: unknown) =>
      callAsync(host, 'openPrivacyContract', options, () => {
        events.push({ kind: 'contract-opened' })
        return {}
      }),
    uploadFile: (options: unknown) => uploadFile(host, routing, record, files, options),
  }
  return { wx, events, gate, duringAgreeTap, chooseAvatar, getPhoneNumber, files }
}

/** A 1×1 PNG: what chooseAvatar gives when a test does not choose. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' }

interface UploadOptions {
  url?: unknown
  filePath?: unknown
  name?: unknown
  header?: Record<string, unknown>
  formData?: Record<string, unknown>
  timeout?: number
}

/** `wx.uploadFile`: a real multipart/form-data POST of a temporary file; `data` is the body as text. */
function uploadFile(
  host: WxHost,
  routing: RequestRouting,
  record: (entry: RequestRecord) => void,
  files: Map<string, { bytes: Buffer; ext: string }>,
  options: unknown,
): unknown {
  const o = (options ?? {}) as UploadOptions
  let abort: () => void = () => {}
  const task = { abort: () => abort(), onProgressUpdate: () => {}, offProgressUpdate: () => {} }
  const promise = callAsync(host, 'uploadFile', options, () => {
    if (typeof o.url !== 'string') throw new WxFail('parameter error: parameter.url should be String')
    if (typeof o.name !== 'string' || o.name === '')
      throw new WxFail('parameter error: parameter.name should be String')
    const file = typeof o.filePath === 'string' ? files.get(o.filePath) : undefined
    if (!file) throw new WxFail(`file not found: ${String(o.filePath)}`)
    const boundary = `----WeChatFormBoundary${randomBytes(12).toString('hex')}`
    const parts: Buffer[] = []
    for (const [key, value] of Object.entries(o.formData ?? {})) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`))
    }
    const filename = String(o.filePath).replace(/^.*[/:]/, '')
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${o.name}"; filename="${filename}"\r\n` +
          `Content-Type: ${MIME[file.ext] ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    )
    const body = Buffer.concat(parts)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(o.header ?? {})) {
      // WeChat sets the multipart type itself; the app's content-type is not sent.
      if (v !== undefined && k.toLowerCase() !== 'content-type') headers[k] = String(v)
    }
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`
    headers['content-length'] = String(body.length)
    const target = routing.resolve(o.url)
    const entry: RequestRecord = {
      method: 'POST',
      url: o.url,
      sentTo: target ?? o.url,
      headers,
      body: `<multipart ${body.length} bytes>`,
    }
    record(entry)
    if (!target) {
      entry.error = 'uploadFile:fail url not in domain list'
      throw new WxFail('url not in domain list')
    }
    const started = Date.now()
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const parsed = new URL(target)
      const client = parsed.protocol === 'https:' ? https : http
      const agent = parsed.protocol === 'https:' ? routing.agent.https : routing.agent.http
      const req = client.request(parsed, { method: 'POST', headers, agent })
      routing.live.add(req)
      let settled = false
      const fail = (message: string) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        entry.error = `uploadFile:fail ${message}`
        reject(new WxFail(message))
      }
      const timer = setTimeout(() => {
        fail('timeout')
        req.destroy()
      }, o.timeout ?? 60_000)
      abort = () => {
        fail('abort')
        req.destroy()
      }
      req.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message))
      req.on('close', () => {
        routing.live.delete(req)
        fail('net::ERR_CONNECTION_RESET')
      })
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          entry.status = res.statusCode ?? 0
          entry.ms = Date.now() - started
          // uploadFile never parses: `data` is the body text.
          resolve({ data: Buffer.concat(chunks).toString('utf8'), statusCode: entry.status })
        })
      })
      req.end(body)
    })
  })
  return promise ?? task
}
