/** Generated from sdk/openapi.yaml by `npm run sdk:generate`. Do not edit by hand. */

import type { OperationTable } from '../client/operation-info'
import type { ShapeTable } from '../client/shape'

/** Shapes of the named schemas that responses refer to. */
export const SHAPES = {
  "Session": {"type":"object","required":["token","expiresAt","user"],"properties":{"token":{"ref":"Token"},"expiresAt":{"type":"string","format":"date-time"},"user":{"ref":"User"}}},
  "InvalidCodeError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["INVALID_CODE","INVALID_PHONE_CODE","PLATFORM_NOT_ENABLED","INVALID_REQUEST"]}}},
  "LoginRefusedError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["USER_BLOCKED","PHONE_NOT_ALLOWED"]}}},
  "LoginRateLimitedError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["RATE_LIMITED","PHONE_QUOTA_EXCEEDED"]}}},
  "InternalError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["INTERNAL_ERROR"]}}},
  "PlatformUnavailableError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["WECHAT_UNAVAILABLE","ALIPAY_UNAVAILABLE","DOUYIN_UNAVAILABLE"]}}},
  "StoreUnavailableError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["STORE_UNAVAILABLE"]}}},
  "InvalidRequestError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["INVALID_REQUEST"]}}},
  "SessionExpiredError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["SESSION_EXPIRED","SESSION_REPLACED","SESSION_REVOKED"]}}},
  "SessionDetails": {"type":"object","required":["expiresAt","renewableUntil","user"],"properties":{"expiresAt":{"type":"string","format":"date-time"},"renewableUntil":{"type":"string","format":"date-time"},"user":{"ref":"User"}}},
  "User": {"type":"object","required":["id","nickname","avatarUrl"],"properties":{"id":{"type":"string","minLength":1},"nickname":"string","avatarUrl":"string","phone":{"ref":"MaskedPhone"}}},
  "InvalidNicknameError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["INVALID_NICKNAME","NICKNAME_REJECTED","INVALID_REQUEST"]}}},
  "WechatUnavailableError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["WECHAT_UNAVAILABLE"]}}},
  "InvalidImageError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["INVALID_IMAGE","INVALID_REQUEST"]}}},
  "ImageTooLargeError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["IMAGE_TOO_LARGE"]}}},
  "InvalidPhoneCodeError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["INVALID_PHONE_CODE","INVALID_REQUEST"]}}},
  "PhoneNotAllowedError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["PHONE_NOT_ALLOWED"]}}},
  "PhoneQuotaExceededError": {"allOf":[{"ref":"Error"}],"properties":{"code":{"type":"string","enum":["PHONE_QUOTA_EXCEEDED","RATE_LIMITED"]}}},
  "Feed": {"type":"object","required":["items"],"properties":{"items":{"type":"array","items":{"ref":"FeedItem"}}}},
  "Health": {"type":"object","required":["status","store"],"properties":{"status":{"type":"string","enum":["ok","unavailable"]},"store":{"type":"string","enum":["memory","sqlite","redis"]}}},
  "Token": {"type":"string","minLength":66,"maxLength":66,"pattern":/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/},
  "Error": {"type":"object","required":["code","message"],"properties":{"code":{"ref":"ErrorCode"},"message":{"ref":"ErrorMessage"}}},
  "MaskedPhone": {"type":"string","minLength":5,"maxLength":24,"pattern":/^\+?[0-9]{0,8}\*{4}[0-9]{2,4}$/},
  "FeedItem": {"type":"object","required":["id","title","summary","scope"],"properties":{"id":"string","title":"string","summary":"string","scope":{"type":"string","enum":["public","personal"]}}},
  "ErrorCode": {"type":"string","enum":["INVALID_REQUEST","INVALID_CODE","USER_BLOCKED","RATE_LIMITED","WECHAT_UNAVAILABLE","ALIPAY_UNAVAILABLE","DOUYIN_UNAVAILABLE","PLATFORM_NOT_ENABLED","SESSION_EXPIRED","SESSION_REPLACED","SESSION_REVOKED","NOT_FOUND","STORE_UNAVAILABLE","INTERNAL_ERROR","INVALID_NICKNAME","NICKNAME_REJECTED","INVALID_IMAGE","IMAGE_TOO_LARGE","INVALID_PHONE_CODE","PHONE_NOT_ALLOWED","PHONE_QUOTA_EXCEEDED"]},
  "ErrorMessage": "string",
} satisfies ShapeTable

/** Per `"METHOD /path"`: whether it takes a token, each 2xx body shape (`null`: no body), each error body shape. */
export const OPERATIONS = {
  "POST /auth/login": {"auth":"none","ok":{"200":{"ref":"Session"}},"errors":{"400":{"ref":"InvalidCodeError"},"403":{"ref":"LoginRefusedError"},"429":{"ref":"LoginRateLimitedError"},"500":{"ref":"InternalError"},"502":{"ref":"PlatformUnavailableError"},"503":{"ref":"StoreUnavailableError"}}},
  "POST /auth/logout": {"auth":"bearer","ok":{"204":null},"errors":{"400":{"ref":"InvalidRequestError"},"401":{"ref":"SessionExpiredError"},"500":{"ref":"InternalError"},"503":{"ref":"StoreUnavailableError"}}},
  "GET /auth/session": {"auth":"bearer","ok":{"200":{"ref":"SessionDetails"}},"errors":{"400":{"ref":"InvalidRequestError"},"401":{"ref":"SessionExpiredError"},"500":{"ref":"InternalError"},"503":{"ref":"StoreUnavailableError"}}},
  "GET /profile": {"auth":"bearer","ok":{"200":{"ref":"User"}},"errors":{"400":{"ref":"InvalidRequestError"},"401":{"ref":"SessionExpiredError"},"500":{"ref":"InternalError"},"503":{"ref":"StoreUnavailableError"}}},
  "PATCH /profile": {"auth":"bearer","ok":{"200":{"ref":"User"}},"errors":{"400":{"ref":"InvalidNicknameError"},"401":{"ref":"SessionExpiredError"},"500":{"ref":"InternalError"},"502":{"ref":"WechatUnavailableError"},"503":{"ref":"StoreUnavailableError"}}},
  "POST /profile/avatar": {"auth":"bearer","ok":{"200":{"ref":"User"}},"errors":{"400":{"ref":"InvalidImageError"},"401":{"ref":"SessionExpiredError"},"413":{"ref":"ImageTooLargeError"},"500":{"ref":"InternalError"},"503":{"ref":"StoreUnavailableError"}}},
  "POST /profile/phone": {"auth":"bearer","ok":{"200":{"ref":"User"}},"errors":{"400":{"ref":"InvalidPhoneCodeError"},"401":{"ref":"SessionExpiredError"},"403":{"ref":"PhoneNotAllowedError"},"429":{"ref":"PhoneQuotaExceededError"},"500":{"ref":"InternalError"},"502":{"ref":"WechatUnavailableError"},"503":{"ref":"StoreUnavailableError"}}},
  "GET /feed": {"auth":"optional","ok":{"200":{"ref":"Feed"}},"errors":{"400":{"ref":"InvalidRequestError"},"401":{"ref":"SessionExpiredError"},"500":{"ref":"InternalError"},"503":{"ref":"StoreUnavailableError"}}},
  "GET /health": {"auth":"none","ok":{"200":{"ref":"Health"}},"errors":{"500":{"ref":"InternalError"},"503":{"ref":"Health"}}},
} satisfies OperationTable
