/** Generated from sdk/openapi.yaml by `npm run sdk:generate`. Do not edit by hand. */

import type { OperationTable } from './operation-info'
import type { ShapeTable } from './shape'

/** Shapes of the named schemas that 2xx responses refer to. */
export const SHAPES = {
  "Session": {"type":"object","additionalProperties":false,"required":["token","expiresAt","user"],"properties":{"token":{"ref":"Token"},"expiresAt":{"type":"string","format":"date-time"},"user":{"ref":"User"}}},
  "User": {"type":"object","additionalProperties":false,"required":["id","nickname","avatarUrl"],"properties":{"id":{"type":"string","minLength":1},"nickname":"string","avatarUrl":"string"}},
  "Feed": {"type":"object","additionalProperties":false,"required":["items"],"properties":{"items":{"type":"array","items":{"ref":"FeedItem"}}}},
  "Health": {"type":"object","additionalProperties":false,"required":["status","store"],"properties":{"status":{"type":"string","enum":["ok","unavailable"]},"store":{"type":"string","enum":["memory","redis"]}}},
  "Token": {"type":"string","minLength":66,"maxLength":66,"pattern":/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/},
  "FeedItem": {"type":"object","additionalProperties":false,"required":["id","title","summary","scope"],"properties":{"id":"string","title":"string","summary":"string","scope":{"type":"string","enum":["public","personal"]}}},
} satisfies ShapeTable

/** Per `"METHOD /path"`: whether it takes a token, and the shape of each 2xx JSON body (`null`: no body). */
export const OPERATIONS = {
  "POST /auth/login": {"auth":"none","ok":{"200":{"ref":"Session"}}},
  "POST /auth/logout": {"auth":"bearer","ok":{"204":null}},
  "GET /profile": {"auth":"bearer","ok":{"200":{"ref":"User"}}},
  "GET /feed": {"auth":"optional","ok":{"200":{"ref":"Feed"}}},
  "GET /health": {"auth":"none","ok":{"200":{"ref":"Health"}}},
} satisfies OperationTable
