// A real `taro build` refuses to compile a loopback or plain-HTTP API address into a production app.
// The guard runs while Taro reads config/index.ts, before anything is compiled or written.
import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')
// Whole processes start and stop here; a busy shared machine can take many seconds per test.
jest.setTimeout(120_000)
const TARO = join(ROOT, 'node_modules', '.bin', 'taro')

function build(type: string, extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0', ...extraEnv }
  for (const key of Object.keys(env)) if (key.startsWith('TARO_') && !(key in extraEnv)) delete env[key]
  delete env.MINIAUTH_LOCAL_BUILD
  const result = spawnSync(TARO, ['build', '--type', type], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

const outputStamp = (type: string) => statSync(join(ROOT, 'dist', type), { throwIfNoEntry: false })?.mtimeMs

describe('npm run build:<platform> for production', () => {
  it("fails on .env.production's loopback default, saying what to set, and writes nothing", () => {
    const before = outputStamp('weapp')
    const { status, output } = build('weapp', {})
    expect(status).toBe(1)
    expect(output).toContain('TARO_APP_API_BASE_URL="http://127.0.0.1:3000" uses http, not https')
    expect(output).toContain('TARO_APP_API_BASE_URL=https://api.example.com npm run build:weapp')
    expect(outputStamp('weapp')).toBe(before)
  })

  it('fails for H5 too, on a plain-HTTP address from the shell', () => {
    const { status, output } = build('h5', { TARO_APP_API_BASE_URL: 'http://api.example.com' })
    expect(status).toBe(1)
    expect(output).toContain('TARO_APP_API_BASE_URL="http://api.example.com" uses http, not https')
    expect(output).toContain('npm run build:h5')
  })
})
