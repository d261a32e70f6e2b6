// What `npm start` lets through to the terminal, on lines recorded from a real run (Taro 4.2.1, webpack 5).
import { buildLineFilter, serverLineToShow } from '../../scripts/start-output.mjs'

const ESC = '\u001b'

/** A first build, then a syntax error and its fix, as the weapp watcher printed them. */
const WATCH_SESSION = [
  `${ESC}[2K${ESC}[1A${ESC}[2K${ESC}[G`,
  '● Webpack █████████████████████████ building (65%) 7/8 entries 68/68 dependencies',
  ' taro-loader › src/pages/index/index.tsx',
  '(node:2817) [DEP_WEBPACK_TEMPLATE_PATH_PLUGIN_REPLACE_PATH_VARIABLES_HASH] DeprecationWarning: [hash] is now [fullhash]',
  '  Compiled successfully in 10.93s',
  '→ Watching... [11/26/2026, 1:03:26 PM]',
  '✖ Webpack',
  '  Compiled with some errors in 995.38ms',
  '',
  '✖ Errors: ',
  '',
  'ModuleBuildError: Module build failed (from ./node_modules/babel-loader/lib/index.js):',
  'SyntaxError: /work/app/src/pages/index/index.tsx: Unexpected token (51:21)',
  '',
  '  49 |   )',
  '  50 | }',
  '> 51 | export const broken: = 1',
  '     |                      ^',
  '    at parser.next (<anonymous>)',
  '    at normalizeFile.next (<anonymous>)',
  '',
  '→ Watching... [11/26/2026, 1:04:09 PM]',
  `asset ${ESC}[1m${ESC}[32mjs/app.9942dbd1.js${ESC}[39m${ESC}[22m 1.27 MiB [emitted]`,
  '● Webpack █████████████████████████ sealing (89%)',
  '  Compiled successfully in 625.83ms',
  '→ Watching... [11/26/2026, 1:04:40 PM]',
  '  Compiled successfully in 610.02ms',
]

describe('what npm start shows of a build', () => {
  const shown = WATCH_SESSION.map(buildLineFilter()).filter((line) => line !== null)

  it("shows Taro's error block with its code frame, without stack frames, blank lines or progress bars", () => {
    expect(shown).toEqual([
      '✖ Webpack',
      '  Compiled with some errors in 995.38ms',
      '✖ Errors: ',
      'ModuleBuildError: Module build failed (from ./node_modules/babel-loader/lib/index.js):',
      'SyntaxError: /work/app/src/pages/index/index.tsx: Unexpected token (51:21)',
      '  49 |   )',
      '  50 | }',
      '> 51 | export const broken: = 1',
      '     |                      ^',
      'Compiled successfully in 625.83ms',
    ])
  })

  it('says once that the build recovered, and nothing about ordinary builds', () => {
    expect(shown.filter((line) => line.startsWith('Compiled successfully'))).toEqual([
      'Compiled successfully in 625.83ms',
    ])
  })
})

describe('what npm start shows of the server', () => {
  it('hides the request log, the dev-mode banner and the start line', () => {
    for (const line of [
      '{"level":30,"time":1,"msg":"Server listening at http://127.0.0.1:3000"}',
      '{"level":30,"time":1,"reqId":"req-1","req":{"method":"GET","url":"/health"},"msg":"incoming request"}',
      '',
      '  ┌──────────────────────────────────────────────────────────────────────┐',
      '  │  DEV MODE: WECHAT_APPID / WECHAT_SECRET are not set.                 │',
      '  └──────────────────────────────────────────────────────────────────────┘',
      'miniauth server on http://127.0.0.1:3000 (store: sqlite, WeChat: DEV MODE fake code exchange)',
    ]) {
      expect(serverLineToShow(line)).toBeNull()
    }
  })

  it('shows warnings and errors with their detail, and anything it cannot parse', () => {
    expect(serverLineToShow('{"level":40,"msg":"request failed upstream","detail":"WeChat timed out"}')).toBe(
      'request failed upstream: WeChat timed out',
    )
    expect(serverLineToShow('{"level":50,"msg":"request failed","err":{"message":"boom"}}')).toBe(
      'request failed: boom',
    )
    expect(serverLineToShow('miniauth server failed to start: Error: cannot open the session database')).toBe(
      'miniauth server failed to start: Error: cannot open the session database',
    )
    expect(serverLineToShow('{not json')).toBe('{not json')
  })
})
