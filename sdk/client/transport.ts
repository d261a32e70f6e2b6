/** The HTTP methods the client sends, in the case transports receive them. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'

/** One request, fully built: absolute URL, lower-case header names, body already serialized. */
export interface TransportRequest {
  /** HTTP method. */
  method: HttpMethod
  /** Absolute URL including the query string. */
  url: string
  /** Header names in lower case. */
  headers: Record<string, string>
  /** Serialized body, absent for requests without one. */
  body?: string
}

/** What the server answered, as raw text: the client parses it, so a malformed body is detectable. */
export interface TransportResponse {
  /** HTTP status code. */
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  /** The raw body text; `''` when there is none. */
  body: string
}

/** Sends one request; resolves for every HTTP status, rejects only with a `NetworkError` when none arrived. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>
