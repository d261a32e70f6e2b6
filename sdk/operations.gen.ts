/** Generated from sdk/openapi.yaml by `npm run sdk:generate`. Do not edit by hand. */

import type { OperationTable } from './operation-info'
import type { ShapeTable } from './shape'

/** Shapes of the named schemas that 2xx responses refer to. */
export const SHAPES = {
  "Session": {"object":{"token":"string","expiresAt":"string","user":{"ref":"User"}},"required":["token","expiresAt","user"]},
  "User": {"object":{"id":"string","nickname":"string","avatarUrl":"string"},"required":["id","nickname","avatarUrl"]},
  "Feed": {"object":{"items":{"array":{"ref":"FeedItem"}}},"required":["items"]},
  "Health": {"object":{"status":{"enum":["ok","unavailable"]},"store":{"enum":["memory","sqlite","redis"]}},"required":["status","store"]},
  "FeedItem": {"object":{"id":"string","title":"string","summary":"string","scope":{"enum":["public","personal"]}},"required":["id","title","summary","scope"]},
} satisfies ShapeTable

/** Per `"METHOD /path"`: whether it takes a token, and the shape of each 2xx JSON body (`null`: no body). */
export const OPERATIONS = {
  "POST /auth/login": {"auth":"none","ok":{"200":{"ref":"Session"}}},
  "POST /auth/logout": {"auth":"bearer","ok":{"204":null}},
  "GET /profile": {"auth":"bearer","ok":{"200":{"ref":"User"}}},
  "GET /feed": {"auth":"optional","ok":{"200":{"ref":"Feed"}}},
  "GET /health": {"auth":"none","ok":{"200":{"ref":"Health"}}},
} satisfies OperationTable
