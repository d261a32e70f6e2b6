// Test doubles for code that uses the SDK. Production code never imports this folder (tests/layout enforces it).
export type { ExamplePaths } from './example-paths'
export { type FakeTransport, fakeTransport, jsonResponse, textResponse } from './fake-transport'
export { fakeWxRequest, type WxAnswer, type WxCall } from './fake-wx-request'
export { type FetchTransportOptions, fetchTransport } from './fetch-transport'
