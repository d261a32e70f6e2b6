/** Generated from sdk/openapi.yaml by `npm run sdk:generate`. Do not edit by hand. */

export interface paths {
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a WeChat login code for a session
         * @description Exchanges the one-time `code` from `wx.login` for a session. A new login of the same WeChat user revokes that user's previous token (single sign-on).
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the current session */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: operations["getProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public items, plus personal ones with a valid token
         * @description Without a token: the public items. With a valid token: the public items and the user's personal items. A token that is sent but no longer valid is `401 SESSION_EXPIRED`, so the client learns at once.
         */
        get: operations["getFeed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the server and its session store are reachable */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        LoginRequest: {
            /** @description The one-time code from `wx.login` (valid 5 minutes, single use). */
            code: string;
        };
        User: {
            /** @description Stable user id (not the WeChat openid). */
            id: string;
            /** @description Display name. */
            nickname: string;
            /** @description Avatar image URL. */
            avatarUrl: string;
        };
        /** @description Bearer token as the server issues it: a 22-character user tag, a dot and 256 random bits, both base64url. A value of any other shape can never be a valid session. */
        Token: string;
        Session: {
            token: components["schemas"]["Token"];
            /**
             * Format: date-time
             * @description When the token stops being valid.
             */
            expiresAt: string;
            user: components["schemas"]["User"];
        };
        FeedItem: {
            id: string;
            title: string;
            summary: string;
            /**
             * @description Whether everyone sees the item or only the signed-in user.
             * @enum {string}
             */
            scope: "public" | "personal";
        };
        Feed: {
            items: components["schemas"]["FeedItem"][];
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "unavailable";
            /** @enum {string} */
            store: "memory" | "sqlite" | "redis";
        };
        /**
         * @description Stable machine-readable error code.
         * @enum {string}
         */
        ErrorCode: "INVALID_REQUEST" | "INVALID_CODE" | "USER_BLOCKED" | "RATE_LIMITED" | "WECHAT_UNAVAILABLE" | "SESSION_EXPIRED" | "SESSION_REPLACED" | "SESSION_REVOKED" | "NOT_FOUND" | "STORE_UNAVAILABLE" | "INTERNAL_ERROR";
        /** @description Any error body. Each response declares the narrower schema of the codes it can carry. */
        Error: {
            code: components["schemas"]["ErrorCode"];
            message: components["schemas"]["ErrorMessage"];
        };
        /** @description Human-readable message in Chinese. */
        ErrorMessage: string;
        /** @description The request is malformed. */
        InvalidRequestError: {
            /** @enum {string} */
            code?: "INVALID_REQUEST";
        } & components["schemas"]["Error"];
        /** @description The login code is malformed, used or expired (`INVALID_CODE`), or the HTTP request itself could not be read (`INVALID_REQUEST`). */
        InvalidCodeError: {
            /** @enum {string} */
            code?: "INVALID_CODE" | "INVALID_REQUEST";
        } & components["schemas"]["Error"];
        /** @description WeChat has blocked this user. */
        UserBlockedError: {
            /** @enum {string} */
            code?: "USER_BLOCKED";
        } & components["schemas"]["Error"];
        /** @description Too many attempts. */
        RateLimitedError: {
            /** @enum {string} */
            code?: "RATE_LIMITED";
        } & components["schemas"]["Error"];
        /** @description The bearer token can never work again, or none was sent; the code says why: `SESSION_REPLACED` (a newer login of the same user), `SESSION_REVOKED` (logged out), `SESSION_EXPIRED` (lifetime over, unknown, malformed or missing). */
        SessionExpiredError: {
            /** @enum {string} */
            code?: "SESSION_EXPIRED" | "SESSION_REPLACED" | "SESSION_REVOKED";
        } & components["schemas"]["Error"];
        /** @description WeChat's code exchange failed. */
        WechatUnavailableError: {
            /** @enum {string} */
            code?: "WECHAT_UNAVAILABLE";
        } & components["schemas"]["Error"];
        /** @description The session store cannot be reached. */
        StoreUnavailableError: {
            /** @enum {string} */
            code?: "STORE_UNAVAILABLE";
        } & components["schemas"]["Error"];
        /** @description An unexpected server failure. */
        InternalError: {
            /** @enum {string} */
            code?: "INTERNAL_ERROR";
        } & components["schemas"]["Error"];
    };
    responses: {
        /** @description The request is malformed (`INVALID_REQUEST`), e.g. an `Authorization` header that is not a `Bearer` credential at all. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidRequestError"];
            };
        };
        /** @description The code is malformed, used or expired (`INVALID_CODE`, WeChat 40029); `INVALID_REQUEST` when the HTTP request itself could not be read. */
        InvalidCode: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidCodeError"];
            };
        };
        /** @description WeChat has blocked this user (`USER_BLOCKED`, WeChat 40226). */
        UserBlocked: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["UserBlockedError"];
            };
        };
        /** @description Too many login attempts (`RATE_LIMITED`, WeChat 45011 or the server's own limit). */
        RateLimited: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RateLimitedError"];
            };
        };
        /** @description The bearer token can never work: malformed (not the `Token` shape), unknown, expired or revoked, or missing where one is required (`SESSION_EXPIRED`, RFC 6750 `invalid_token`). The server remembers for a bounded time why a token it issued ended: `SESSION_REPLACED` when a newer login of the same user replaced it (single sign-on), `SESSION_REVOKED` when it was logged out. A session used after half of its lifetime is renewed to a full lifetime, up to an absolute maximum. */
        SessionExpired: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["SessionExpiredError"];
            };
        };
        /** @description WeChat's code exchange failed or timed out (`WECHAT_UNAVAILABLE`). */
        WechatUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["WechatUnavailableError"];
            };
        };
        /** @description The session store cannot be reached (`STORE_UNAVAILABLE`). */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["StoreUnavailableError"];
            };
        };
        /** @description An unexpected server failure (`INTERNAL_ERROR`). */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InternalError"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description Signed in. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            400: components["responses"]["InvalidCode"];
            403: components["responses"]["UserBlocked"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["WechatUnavailable"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out; the token is no longer valid. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["SessionExpired"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user the token belongs to. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["SessionExpired"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getFeed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The feed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Feed"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["SessionExpired"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server and its session store are up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            500: components["responses"]["InternalError"];
            /** @description The session store cannot be reached. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
}
