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
         * Exchange a mini program login code for a session
         * @description Exchanges the one-time `code` of the mini program platform named by `platform` (WeChat `wx.login` by default, Alipay `my.getAuthCode`, Douyin `tt.login`) for a session. A user is one platform's user (platform + that platform's openid); a new login of the same user revokes that user's previous token (single sign-on). With `phoneCode` (from a WeChat `getPhoneNumber` button) the phone number is verified and bound in the same round trip; when the phone code fails, nothing is changed and no session is issued.
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
    "/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current session's own details
         * @description Validates the token (renewing it past half of its lifetime, like every authenticated call) and says until when it is valid, until when use can keep renewing it, and whose it is. Never the token itself. A token that ended answers 401 with the reason, so a client can recheck its session with one cheap call.
         */
        get: operations["getSession"];
        put?: never;
        post?: never;
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
        /**
         * Change the signed-in user's nickname
         * @description The nickname comes from WeChat's nickname input (`<input type="nickname">`). The server is the judge: 1–20 characters after trimming, no control characters (`INVALID_NICKNAME`); where WeChat credentials are configured it may also run WeChat's text security check (`NICKNAME_REJECTED`).
         */
        patch: operations["updateProfile"];
        trace?: never;
    };
    "/profile/avatar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the signed-in user's avatar
         * @description A `multipart/form-data` upload with one file field, `file` (what `Taro.uploadFile` sends with `name: 'file'`). The server reads the bytes, not the name or the declared type: a whole JPEG, PNG or WebP image of at most 2 MB (2,097,152 bytes). The answer is the updated user, whose `avatarUrl` names the image by its content hash and is served with a year of immutable caching.
         */
        post: operations["uploadAvatar"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/profile/phone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify a phone number with WeChat and bind it to the signed-in user
         * @description `phoneCode` is the one-time code of a `getPhoneNumber` button (valid 5 minutes), not a `wx.login` code. The server exchanges it through WeChat's `getuserphonenumber`; the full number stays on the server and the answer carries it masked.
         */
        post: operations["bindPhone"];
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
            /** @description The one-time login code of the platform: `wx.login`'s `code` (valid 5 minutes), Alipay's auth code from `my.getAuthCode` with scope `auth_base`, or `tt.login`'s `code`. Single use. */
            code: string;
            platform?: components["schemas"]["Platform"];
            phoneCode?: components["schemas"]["PhoneCode"];
        };
        /**
         * @description The mini program platform whose login code this is; without it, `wechat`. A server that has not enabled a platform answers its logins with 400 `PLATFORM_NOT_ENABLED`.
         * @default wechat
         * @enum {string}
         */
        Platform: "wechat" | "alipay" | "douyin";
        /** @description The one-time code of a `getPhoneNumber` button (valid 5 minutes, single use); never a `wx.login` code. In dev mode (no WeChat credentials) `dev-phone:<11 digits>` stands for that number. */
        PhoneCode: string;
        UpdateProfileRequest: {
            /** @description The new nickname. The server trims it and requires 1–20 characters with no control characters. */
            nickname: string;
        };
        BindPhoneRequest: {
            phoneCode: components["schemas"]["PhoneCode"];
        };
        AvatarUpload: {
            /**
             * Format: binary
             * @description The image bytes (JPEG, PNG or WebP, at most 2 MB).
             */
            file: string;
        };
        User: {
            /** @description Stable user id (not the WeChat openid). */
            id: string;
            /** @description Display name. */
            nickname: string;
            /** @description Avatar image URL. */
            avatarUrl: string;
            phone?: components["schemas"]["MaskedPhone"];
        };
        /** @description The bound phone number with its middle digits hidden, e.g. `138****0000`; absent when none is bound. The full number never leaves the server. */
        MaskedPhone: string;
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
        SessionDetails: {
            /**
             * Format: date-time
             * @description When the token stops being valid unless it is used again.
             */
            expiresAt: string;
            /**
             * Format: date-time
             * @description The latest the token can live, renewals included; after it, only a new login helps.
             */
            renewableUntil: string;
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
        ErrorCode: "INVALID_REQUEST" | "INVALID_CODE" | "USER_BLOCKED" | "RATE_LIMITED" | "WECHAT_UNAVAILABLE" | "ALIPAY_UNAVAILABLE" | "DOUYIN_UNAVAILABLE" | "PLATFORM_NOT_ENABLED" | "SESSION_EXPIRED" | "SESSION_REPLACED" | "SESSION_REVOKED" | "NOT_FOUND" | "STORE_UNAVAILABLE" | "INTERNAL_ERROR" | "INVALID_NICKNAME" | "NICKNAME_REJECTED" | "INVALID_IMAGE" | "IMAGE_TOO_LARGE" | "INVALID_PHONE_CODE" | "PHONE_NOT_ALLOWED" | "PHONE_QUOTA_EXCEEDED";
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
        /** @description The login code is malformed, used or expired (`INVALID_CODE`), the phone code is (`INVALID_PHONE_CODE`), the server has not enabled logins from this platform (`PLATFORM_NOT_ENABLED`), or the HTTP request itself could not be read (`INVALID_REQUEST`). */
        InvalidCodeError: {
            /** @enum {string} */
            code?: "INVALID_CODE" | "INVALID_PHONE_CODE" | "PLATFORM_NOT_ENABLED" | "INVALID_REQUEST";
        } & components["schemas"]["Error"];
        /** @description The platform has blocked this user (`USER_BLOCKED`), or the phone capability is not allowed (`PHONE_NOT_ALLOWED`: not granted by WeChat, or a `phoneCode` sent with another platform's login). */
        LoginRefusedError: {
            /** @enum {string} */
            code?: "USER_BLOCKED" | "PHONE_NOT_ALLOWED";
        } & components["schemas"]["Error"];
        /** @description Too many attempts (`RATE_LIMITED`), or the phone verification quota is exhausted (`PHONE_QUOTA_EXCEEDED`). */
        LoginRateLimitedError: {
            /** @enum {string} */
            code?: "RATE_LIMITED" | "PHONE_QUOTA_EXCEEDED";
        } & components["schemas"]["Error"];
        /** @description The nickname breaks the rules (`INVALID_NICKNAME`), WeChat's text security check rejected it (`NICKNAME_REJECTED`), or the request is malformed (`INVALID_REQUEST`). */
        InvalidNicknameError: {
            /** @enum {string} */
            code?: "INVALID_NICKNAME" | "NICKNAME_REJECTED" | "INVALID_REQUEST";
        } & components["schemas"]["Error"];
        /** @description The upload is not a whole JPEG, PNG or WebP image (`INVALID_IMAGE`), or not a multipart upload with one `file` field (`INVALID_REQUEST`). */
        InvalidImageError: {
            /** @enum {string} */
            code?: "INVALID_IMAGE" | "INVALID_REQUEST";
        } & components["schemas"]["Error"];
        /** @description The image is over 2 MB. */
        ImageTooLargeError: {
            /** @enum {string} */
            code?: "IMAGE_TOO_LARGE";
        } & components["schemas"]["Error"];
        /** @description The phone code is invalid, used or expired (`INVALID_PHONE_CODE`), or the request is malformed (`INVALID_REQUEST`). */
        InvalidPhoneCodeError: {
            /** @enum {string} */
            code?: "INVALID_PHONE_CODE" | "INVALID_REQUEST";
        } & components["schemas"]["Error"];
        /** @description This mini program may not use phone number verification (WeChat 48001). */
        PhoneNotAllowedError: {
            /** @enum {string} */
            code?: "PHONE_NOT_ALLOWED";
        } & components["schemas"]["Error"];
        /** @description The mini program's phone verification quota is exhausted (WeChat 1400001) or the user asked too often (WeChat 45011). */
        PhoneQuotaExceededError: {
            /** @enum {string} */
            code?: "PHONE_QUOTA_EXCEEDED" | "RATE_LIMITED";
        } & components["schemas"]["Error"];
        /** @description The bearer token can never work again, or none was sent; the code says why: `SESSION_REPLACED` (a newer login of the same user), `SESSION_REVOKED` (logged out), `SESSION_EXPIRED` (lifetime over, unknown, malformed or missing). */
        SessionExpiredError: {
            /** @enum {string} */
            code?: "SESSION_EXPIRED" | "SESSION_REPLACED" | "SESSION_REVOKED";
        } & components["schemas"]["Error"];
        /** @description A call to WeChat failed. */
        WechatUnavailableError: {
            /** @enum {string} */
            code?: "WECHAT_UNAVAILABLE";
        } & components["schemas"]["Error"];
        /** @description A call to the login's platform failed or timed out; the code names the platform. */
        PlatformUnavailableError: {
            /** @enum {string} */
            code?: "WECHAT_UNAVAILABLE" | "ALIPAY_UNAVAILABLE" | "DOUYIN_UNAVAILABLE";
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
        /** @description The code is malformed, used or expired (`INVALID_CODE`, WeChat 40029), so is the phone code (`INVALID_PHONE_CODE`); `INVALID_REQUEST` when the HTTP request itself could not be read. */
        InvalidCode: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidCodeError"];
            };
        };
        /** @description WeChat has blocked this user (`USER_BLOCKED`, WeChat 40226), or a `phoneCode` was sent and the mini program may not verify phone numbers (`PHONE_NOT_ALLOWED`, WeChat 48001). */
        LoginRefused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["LoginRefusedError"];
            };
        };
        /** @description Too many login attempts (`RATE_LIMITED`, WeChat 45011 or the server's own limit), or the phone verification quota is exhausted (`PHONE_QUOTA_EXCEEDED`, WeChat 1400001). */
        LoginRateLimited: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["LoginRateLimitedError"];
            };
        };
        /** @description The nickname is refused (`INVALID_NICKNAME`, `NICKNAME_REJECTED`) or the request is malformed. */
        InvalidNickname: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidNicknameError"];
            };
        };
        /** @description Not a whole JPEG, PNG or WebP image (`INVALID_IMAGE`), or not a multipart upload of `file`. */
        InvalidImage: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidImageError"];
            };
        };
        /** @description The image is over 2 MB (`IMAGE_TOO_LARGE`). */
        ImageTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ImageTooLargeError"];
            };
        };
        /** @description The phone code is invalid, used or expired (`INVALID_PHONE_CODE`, WeChat 40029). */
        InvalidPhoneCode: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidPhoneCodeError"];
            };
        };
        /** @description The mini program may not verify phone numbers (`PHONE_NOT_ALLOWED`, WeChat 48001). */
        PhoneNotAllowed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PhoneNotAllowedError"];
            };
        };
        /** @description The phone verification quota is exhausted (`PHONE_QUOTA_EXCEEDED`, WeChat 1400001), or too many attempts (`RATE_LIMITED`, WeChat 45011). */
        PhoneQuotaExceeded: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PhoneQuotaExceededError"];
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
        /** @description A call to WeChat failed or timed out (`WECHAT_UNAVAILABLE`). */
        WechatUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["WechatUnavailableError"];
            };
        };
        /** @description A call to the login's platform failed or timed out (`WECHAT_UNAVAILABLE`, `ALIPAY_UNAVAILABLE`, `DOUYIN_UNAVAILABLE`). */
        PlatformUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PlatformUnavailableError"];
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
            403: components["responses"]["LoginRefused"];
            429: components["responses"]["LoginRateLimited"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["PlatformUnavailable"];
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
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session the token belongs to. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDetails"];
                };
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
    updateProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProfileRequest"];
            };
        };
        responses: {
            /** @description The updated user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["InvalidNickname"];
            401: components["responses"]["SessionExpired"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["WechatUnavailable"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    uploadAvatar: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["AvatarUpload"];
            };
        };
        responses: {
            /** @description The updated user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["InvalidImage"];
            401: components["responses"]["SessionExpired"];
            413: components["responses"]["ImageTooLarge"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    bindPhone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BindPhoneRequest"];
            };
        };
        responses: {
            /** @description The updated user, with the masked phone number. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["InvalidPhoneCode"];
            401: components["responses"]["SessionExpired"];
            403: components["responses"]["PhoneNotAllowed"];
            429: components["responses"]["PhoneQuotaExceeded"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["WechatUnavailable"];
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
