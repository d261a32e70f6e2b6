/** Generated from sdk/openapi.yaml by `npm run sdk:generate`. Do not edit by hand. */

import type { OperationTable } from './operation-info'
import type { ShapeTable } from './shape'

/** Shapes of the named schemas that responses refer to. */
export const SHAPES = {
  "Session": {"type":"object","required":["token","expiresAt","user"],"properties":{"token":{"ref":"Token"},"expiresAt":{"type":"string","format":"date-time"},"user":{"ref":"User"}}},
  "InvalidCodeError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["INVALID_CODE","INVALID_REQUEST"]}}},
  "UserBlockedError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["USER_BLOCKED"]}}},
  "RateLimitedError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["RATE_LIMITED"]}}},
  "InternalError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["INTERNAL_ERROR"]}}},
  "WechatUnavailableError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["WECHAT_UNAVAILABLE"]}}},
  "StoreUnavailableError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["STORE_UNAVAILABLE"]}}},
  "InvalidRequestError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["INVALID_REQUEST"]}}},
  "SessionExpiredError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["SESSION_EXPIRED","SESSION_REPLACED","SESSION_REVOKED"]}}},
  "User": {"type":"object","required":["id","nickname","avatarUrl"],"properties":{"id":{"type":"string","minLength":1},"nickname":"string","avatarUrl":"string"}},
  "Feed": {"type":"object","required":["items"],"properties":{"items":{"type":"array","items":{"ref":"FeedItem"}}}},
  "Health": {"type":"object","required":["status","store"],"properties":{"status":{"type":"string","enum":["ok","unavailable"]},"store":{"type":"string","enum":["memory","sqlite","redis"]}}},
  "Token": {"type":"string","minLength":66,"maxLength":66,"pattern":/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/},
  "Error": {"type":"object","required":["code","message"],"properties":{"code":{"ref":"ErrorCode"},"message":{"ref":"ErrorMessage"}}},
  "FeedItem": {"type":"object","required":["id","title","summary","scope"],"properties":{"id":"string","title":"string","summary":"string","scope":{"type":"string","enum":["public","personal"]}}},
  "ErrorCode": {"type":"string","enum":["INVALID_REQUEST","INVALID_CODE","USER_BLOCKED","RATE_LIMITED","WECHAT_UNAVAILABLE","SESSION_EXPIRED","SESSION_REPLACED","SESSION_REVOKED","NOT_FOUND","STORE_UNAVAILABLE","INTERNAL_ERROR"]},
  "ErrorMessage": "string",
} satisfies ShapeTable

/** Per `"METHOD /path"`: whether it takes a token, each 2xx body shape (`null`: no body), each error body shape. */
export const OPERATIONS = {
  "POST /auth/login": {"auth":"none","ok":{"200":{"ref":"Session"}},"errors":{"400":{"ref":"InvalidCodeError"},"403":{"ref":"UserBlockedError"},"429":{"ref":"RateLimitedError"},"500":{"ref":"InternalError"},"502":{"ref":"WechatUnavailableError"},"503":{"ref":"StoreUnavailableError"}}},
  "POST /auth/logout": {"auth":"bearer","ok":{"204":null},"errors":{"400":{"ref":"InvalidRequestError"},"401":{"ref":"SessionExpiredError"},"500":{"ref":"InternalError"},"503":{"ref":"StoreUnavailableError"}}},
  "GET /profile": {"auth":"bearer","ok":{"200":{"ref":"User"}},"errors":{"400":{"ref":"InvalidRequestError"},"401":{"ref":"SessionExpiredError"},"500":{"ref":"InternalError"},"503":{"ref":"StoreUnavailableError"}}},
  "GET /feed": {"auth":"optional","ok":{"200":{"ref":"Feed"}},"errors":{"400":{"ref":"InvalidRequestError"},"401":{"ref":"SessionExpiredError"},"500":{"ref":"InternalError"},"503":{"ref":"StoreUnavailableError"}}},
  "GET /health": {"auth":"none","ok":{"200":{"ref":"Health"}},"errors":{"500":{"ref":"InternalError"},"503":{"ref":"Health"}}},
} satisfies OperationTable
