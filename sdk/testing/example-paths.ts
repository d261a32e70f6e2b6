// A small API of someone else's, written the way openapi-typescript emits `paths`: the generic client's
// own tests run against it, so they show the client working without this project's contract.

interface ErrorBody {
  code: string
  message: string
}
interface User {
  id: string
  nickname: string
  avatarUrl: string
}
type Json<T> = { headers: Record<string, unknown>; content: { 'application/json': T } }

/** `paths` of a small example API: a profile, a feed, a login and a logout. */
export interface ExamplePaths {
  '/profile': {
    get: {
      responses: { 200: Json<User>; 401: Json<ErrorBody>; '5XX': Json<ErrorBody> }
    }
  }
  '/feed': {
    get: {
      responses: { 200: Json<{ items: { id: string; title: string }[] }>; 401: Json<ErrorBody> }
    }
  }
  '/auth/login': {
    post: {
      requestBody: { content: { 'application/json': { code: string } } }
      responses: { 200: Json<{ token: string; expiresAt: string; user: User }>; 400: Json<ErrorBody> }
    }
  }
  '/auth/logout': {
    post: {
      responses: { 204: { headers: Record<string, unknown>; content?: never }; default: Json<ErrorBody> }
    }
  }
}
