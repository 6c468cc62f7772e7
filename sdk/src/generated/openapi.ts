// Generated from Warden's /openapi.json by sdk/scripts/generate-types.mjs (`npm run sdk:types`). Do not edit.
/* eslint-disable */
export interface paths {
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public keys (JWK Set) that verify access tokens; a resource server can verify without calling Warden */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            keys?: {
                                alg?: string;
                                crv?: string;
                                kid?: string;
                                kty?: string;
                                use?: string;
                                x?: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Authorization server metadata (RFC 8414) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/2fa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether two-factor is on for the signed-in user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            enabled?: boolean;
                            /** Format: date-time */
                            enabled_at?: string | null;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/2fa/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn 2FA off with a current code or a recovery code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        recovery_code?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/2fa/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn 2FA on with a code from the app → 10 recovery codes, shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            recovery_codes?: string[];
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/2fa/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New TOTP secret: base32, otpauth:// URI and a QR code (SVG) for the authenticator app */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            otpauth_url?: string;
                            qr_svg?: string;
                            secret?: string;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/agent/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use challenge (60 s) for the agent to sign with its Ed25519 private key */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        agent_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Sign its UTF-8 bytes */
                            challenge?: string;
                            expires_in?: number;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/agent/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Signed challenge → short-lived access token (sub = agt_…) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        agent_id: string;
                        challenge: string;
                        /** @description Ask for a shorter token than the default (15 min); never longer than the agent allows */
                        expires_in?: number;
                        /** @description Ed25519 signature of the challenge, base64url */
                        signature: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token?: string;
                            expires_in?: number;
                            scope?: string;
                            token_type?: string;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with e-mail and password → a sess_ session token; or trade an API key for a 2 h bearer token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description email + password (+ twoFactorCode or recoveryCode when 2FA is on), or challenge_id + twoFactorCode/recoveryCode, or api_key (+ session_id) */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Key exchange: the API key to trade for a bearer token (same token while it is valid) */
                        api_key?: string;
                        /** @description From a 401 two_factor_required answer */
                        challenge_id?: string;
                        email?: string;
                        password?: string;
                        recoveryCode?: string;
                        /** @description Key exchange: your own session label; a new one gets a new token */
                        session_id?: string;
                        twoFactorCode?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description JWT (EdDSA, `typ: at+jwt`) for the same session */
                            access_token?: string;
                            /** @description Seconds until access_token expires */
                            expires_in?: number;
                            /** @description Single-use `rt_` token for POST /auth/refresh (7 d family) */
                            refresh_token?: string;
                            /** @description Key exchange: the key's scopes, space-separated */
                            scope?: string;
                            /** @description Seconds of inactivity before the session token expires */
                            session_expires_in?: number;
                            /** @description Key exchange: the session label the token belongs to */
                            session_id?: string | null;
                            /** @description The `sess_` session token (24 h sliding inactivity, 30 d absolute) */
                            token?: string;
                            token_type?: string;
                            user?: {
                                /** Format: date-time */
                                created_at?: string;
                                email?: string;
                                id?: string;
                                name?: string | null;
                            };
                            workspaces?: {
                                id?: string;
                                name?: string;
                                role?: string;
                            }[];
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
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
        /** End the current session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/change": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password (needs the current one); ends your other sessions */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current_password: string;
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** E-mail a single-use reset token; 202 whether or not the address exists */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status?: string;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with an e-mailed token; ends every session of the account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        new_password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Trade a refresh token for a new access + refresh pair (the old one is used up) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refresh_token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token?: string;
                            expires_in?: number;
                            refresh_token?: string;
                            token_type?: string;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account and a workspace it owns (can be disabled: WARDEN_REGISTRATION) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        name?: string;
                        password: string;
                        workspace_name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user?: {
                                /** Format: date-time */
                                created_at?: string;
                                email?: string;
                                id?: string;
                                name?: string | null;
                            };
                            workspace?: {
                                id?: string;
                                name?: string;
                                role?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
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
        get?: never;
        put?: never;
        /** Browser sign-in: e-mail + password (+ 2FA) → the session in an HttpOnly cookie, and a CSRF token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description From a 401 two_factor_required answer */
                        challenge_id?: string;
                        email?: string;
                        password?: string;
                        recoveryCode?: string;
                        twoFactorCode?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Also in the warden_csrf cookie: send it as X-CSRF-Token on every state-changing request */
                            csrf_token?: string;
                            session_expires_in?: number;
                            user?: {
                                /** Format: date-time */
                                created_at?: string;
                                email?: string;
                                id?: string;
                                name?: string | null;
                            };
                            workspaces?: {
                                id?: string;
                                name?: string;
                                role?: string;
                            }[];
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        /** Browser sign-out: ends the session and clears its cookies */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Token introspection (RFC 7662) for access tokens of the calling client's workspace */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-www-form-urlencoded": {
                        /** @description An access token (JWT) */
                        token?: string;
                        /** @description Ignored */
                        token_type_hint?: string;
                    } & {
                        [key: string]: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active?: boolean;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 6749 §5.2 error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: string;
                            error_description?: string;
                        };
                    };
                };
                /** @description RFC 6749 §5.2 error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: string;
                            error_description?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Token revocation (RFC 7009): ends one access token issued to the calling client */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-www-form-urlencoded": {
                        /** @description An access token the client was issued */
                        token?: string;
                        /** @description Ignored */
                        token_type_hint?: string;
                    } & {
                        [key: string]: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 6749 §5.2 error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: string;
                            error_description?: string;
                        };
                    };
                };
                /** @description RFC 6749 §5.2 error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: string;
                            error_description?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Client credentials grant (RFC 6749 §4.4): client_secret_basic or client_secret_post */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-www-form-urlencoded": {
                        /** @description client_secret_post only */
                        client_id?: string;
                        /** @description client_secret_post only */
                        client_secret?: string;
                        /** @description client_credentials */
                        grant_type?: string;
                        /** @description Space-separated subset of the client's scopes (default: all of them) */
                        scope?: string;
                    } & {
                        [key: string]: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token?: string;
                            expires_in?: number;
                            scope?: string;
                            token_type?: string;
                        };
                    };
                };
                /** @description RFC 6749 §5.2 error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: string;
                            error_description?: string;
                        };
                    };
                };
                /** @description RFC 6749 §5.2 error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: string;
                            error_description?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store answers (503 store_unavailable when not); with REDIS_URL, whether Redis does (`degraded` when not) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            redis?: "ok" | "unreachable";
                            /** @enum {string} */
                            status?: "ready" | "degraded";
                            store?: string;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List agents, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description 1-100, default 20 */
                    limit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                /** @example agt_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id?: string;
                                max_token_ttl_seconds?: number;
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                public_key?: {
                                    crv?: string;
                                    kty?: string;
                                    x?: string;
                                };
                                /** Format: date-time */
                                revoked_at?: string | null;
                                scopes?: string[];
                                /** Format: date-time */
                                updated_at?: string;
                            }[];
                            next_cursor?: string | null;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register an agent by its Ed25519 public key */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. The same key from the same credential within 24 h answers the first answer again (no second secret); another body → 422 idempotency_key_reused */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        environment?: "live" | "test";
                        /** @description Longest token the agent may get (default 900; at most WARDEN_AGENT_TOKEN_MAX_TTL_SECONDS) */
                        max_token_ttl_seconds?: number;
                        /** @description Free JSON object, at most 4 KiB */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name: string;
                        /** @description Ed25519 public key: a JWK `{kty: "OKP", crv: "Ed25519", x}` or the raw 32 bytes in base64url */
                        public_key: string | ({
                            crv: string;
                            kty: string;
                            x: string;
                        } & {
                            [key: string]: unknown;
                        });
                        scopes: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                /** @example agt_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id?: string;
                                max_token_ttl_seconds?: number;
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                public_key?: {
                                    crv?: string;
                                    kty?: string;
                                    x?: string;
                                };
                                /** Format: date-time */
                                revoked_at?: string | null;
                                scopes?: string[];
                                /** Format: date-time */
                                updated_at?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an agent */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                /** @example agt_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id?: string;
                                max_token_ttl_seconds?: number;
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                public_key?: {
                                    crv?: string;
                                    kty?: string;
                                    x?: string;
                                };
                                /** Format: date-time */
                                revoked_at?: string | null;
                                scopes?: string[];
                                /** Format: date-time */
                                updated_at?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke an agent (idempotent); its tokens are refused at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                /** @example agt_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id?: string;
                                max_token_ttl_seconds?: number;
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                public_key?: {
                                    crv?: string;
                                    kty?: string;
                                    x?: string;
                                };
                                /** Format: date-time */
                                revoked_at?: string | null;
                                scopes?: string[];
                                /** Format: date-time */
                                updated_at?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, change metadata, lifetime, public key or scopes (a new key or new scopes end its tokens) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Longest token the agent may get (default 900; at most WARDEN_AGENT_TOKEN_MAX_TTL_SECONDS) */
                        max_token_ttl_seconds?: number;
                        /** @description Free JSON object, at most 4 KiB */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name?: string;
                        /** @description Ed25519 public key: a JWK `{kty: "OKP", crv: "Ed25519", x}` or the raw 32 bytes in base64url */
                        public_key?: string | ({
                            crv: string;
                            kty: string;
                            x: string;
                        } & {
                            [key: string]: unknown;
                        });
                        scopes?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                /** @example agt_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id?: string;
                                max_token_ttl_seconds?: number;
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                public_key?: {
                                    crv?: string;
                                    kty?: string;
                                    x?: string;
                                };
                                /** Format: date-time */
                                revoked_at?: string | null;
                                scopes?: string[];
                                /** Format: date-time */
                                updated_at?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    environment?: "live" | "test";
                    /** @description 1-100, default 20 */
                    limit?: string;
                    revoked?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                            }[];
                            next_cursor?: string | null;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API key (the plaintext is in this answer only) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. The same key from the same credential within 24 h answers the first answer again (no second secret); another body → 422 idempotency_key_reused */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        allowed_ips?: string[];
                        /** @enum {string} */
                        environment?: "live" | "test";
                        /** Format: date-time */
                        expires_at?: string | null;
                        /** @description Free JSON object, at most 4 KiB */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name: string;
                        rate_limit?: number | null;
                        scopes: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** @description The plaintext key. Shown once: store it now. */
                                key: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /**
                                 * Format: date-time
                                 * @description Rotation only: when the previous secret stops working
                                 */
                                previous_key_expires_at?: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                                warning: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an API key */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke an API key (idempotent) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, change metadata or narrow scopes */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Free JSON object, at most 4 KiB */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name?: string;
                        scopes?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/api-keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate: new secret now, old one dies now or after grace_period_seconds */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the old key keeps working (0 = it dies now); capped by WARDEN_MAX_ROTATION_GRACE_SECONDS */
                        grace_period_seconds?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** @description The plaintext key. Shown once: store it now. */
                                key: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /**
                                 * Format: date-time
                                 * @description Rotation only: when the previous secret stops working
                                 */
                                previous_key_expires_at?: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                                warning: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit events of the workspace, newest first */
        get: {
            parameters: {
                query?: {
                    actor_id?: string;
                    actor_type?: "api_key" | "user" | "client" | "agent" | "system";
                    /** @description Events of this API key (actor_type=api_key, actor_id=…) */
                    api_key_id?: string;
                    cursor?: string;
                    /** @description 1-1000, default 50 */
                    limit?: string;
                    /** @description ISO 8601: events at or after */
                    since?: string;
                    status?: string;
                    type?: string;
                    /** @description ISO 8601: events before */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: ({
                                actor?: {
                                    id?: string | null;
                                    type?: string | null;
                                };
                                chain_seq?: number | null;
                                /** Format: date-time */
                                created_at?: string;
                                data?: {
                                    [key: string]: unknown;
                                };
                                endpoint_class?: string | null;
                                hash?: string | null;
                                id?: string;
                                ip?: string | null;
                                latency_ms?: number | null;
                                method?: string | null;
                                path?: string | null;
                                status?: number | null;
                                target?: {
                                    id?: string;
                                    type?: string;
                                } | null;
                                type?: string;
                                user_agent?: string | null;
                                workspace_id?: string | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                            next_cursor?: string | null;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Publish the host API's own event (e.g. deal.updated) to the audit trail and the live stream */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Free JSON object, at most 4 KiB */
                        data?: {
                            [key: string]: unknown;
                        };
                        target?: {
                            id: string;
                            type: string;
                        };
                        /** @description `{resource}.{past verb}`, not one of Warden's own families */
                        type: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                actor?: {
                                    id?: string | null;
                                    type?: string | null;
                                };
                                chain_seq?: number | null;
                                /** Format: date-time */
                                created_at?: string;
                                data?: {
                                    [key: string]: unknown;
                                };
                                endpoint_class?: string | null;
                                hash?: string | null;
                                id?: string;
                                ip?: string | null;
                                latency_ms?: number | null;
                                method?: string | null;
                                path?: string | null;
                                status?: number | null;
                                target?: {
                                    id?: string;
                                    type?: string;
                                } | null;
                                type?: string;
                                user_agent?: string | null;
                                workspace_id?: string | null;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/head": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The head of the workspace's hash chain, signed: keep it outside Warden and verify against it later */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** Format: date-time */
                                at?: string;
                                chain_seq?: number;
                                /** @description Compact JWS (typ warden-audit-head+jwt, aud urn:warden:audit-checkpoint) of {iss, iat, aud, workspace_id, chain_seq, hash, event_id}, signed with a key from /.well-known/jwks.json */
                                checkpoint?: string;
                                event_id?: string | null;
                                hash?: string;
                                workspace_id?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live audit events (text/event-stream): event name = type, id = event id; resume with Last-Event-ID */
        get: {
            parameters: {
                query?: {
                    actor_id?: string;
                    actor_type?: "api_key" | "user" | "client" | "agent" | "system";
                    /** @description Events of this API key (actor_type=api_key, actor_id=…) */
                    api_key_id?: string;
                    /** @description Resume after this event (same as the Last-Event-ID header) */
                    last_event_id?: string;
                    status?: string;
                    /** @description An st_ ticket from POST /v1/events/tickets */
                    ticket?: string;
                    /** @description A credential, for clients that cannot send headers (ends up in URLs: prefer a ticket, which is taken here too) */
                    token?: string;
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use st_ ticket (60 s) to open the live stream from a browser: ?ticket=… (redeemed only while your credential could still open it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            expires_in?: number;
                            ticket?: string;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check the workspace's hash chain (whole, or a slice; optionally against a checkpoint); reports the first break */
        get: {
            parameters: {
                query?: {
                    /** @description hash of that checkpoint (with anchor_seq) */
                    anchor_hash?: string;
                    /** @description chain_seq of a checkpoint from GET /v1/events/head (with anchor_hash) */
                    anchor_seq?: string;
                    /** @description Start at this chain_seq (default: the oldest kept event) */
                    from_seq?: string;
                    /** @description Check at most this many events (default and cap: WARDEN_AUDIT_VERIFY_PAGE_EVENTS) */
                    limit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** @description Present when a checkpoint was given: matched, rewritten, missing, or not_kept (older than the oldest kept event: cannot tell) */
                                anchor?: {
                                    chain_seq?: number;
                                    hash?: string;
                                    /** @enum {string} */
                                    status?: "matched" | "rewritten" | "missing" | "not_kept";
                                };
                                checked?: number;
                                first_break?: {
                                    chain_seq?: number;
                                    id?: string;
                                    reason?: string;
                                } | null;
                                head?: {
                                    chain_seq?: number;
                                    hash?: string;
                                } | null;
                                /** @description The page was full: continue with from_seq set to this (null: the walk reached the chain head and compared it) */
                                next_from_seq?: number | null;
                                valid?: boolean;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invalidations/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Credential invalidations live (text/event-stream), for middleware that caches verifications: service credentials only
         * @description Events: `ready` `{heartbeat_ms}` once subscribed; `invalidate` `{credential_hashes?, session_ids?, grant_ids?, jtis?, principal_ids?}` (credential_hashes: SHA-256 hex of API-key secrets and session tokens; session_ids / grant_ids: the `sid` of access tokens); `flush` `{reason}`: drop every cached answer; `stream.closed` `{reason}` before the server ends the stream. A comment line every heartbeat.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation addressed to your e-mail */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                id?: string;
                                name?: string;
                                role?: string | null;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    environment?: "live" | "test";
                    /** @description 1-100, default 20 */
                    limit?: string;
                    revoked?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                            }[];
                            next_cursor?: string | null;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API key (the plaintext is in this answer only) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. The same key from the same credential within 24 h answers the first answer again (no second secret); another body → 422 idempotency_key_reused */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        allowed_ips?: string[];
                        /** @enum {string} */
                        environment?: "live" | "test";
                        /** Format: date-time */
                        expires_at?: string | null;
                        /** @description Free JSON object, at most 4 KiB */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name: string;
                        rate_limit?: number | null;
                        scopes: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** @description The plaintext key. Shown once: store it now. */
                                key: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /**
                                 * Format: date-time
                                 * @description Rotation only: when the previous secret stops working
                                 */
                                previous_key_expires_at?: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                                warning: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an API key */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke an API key (idempotent) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, change metadata or narrow scopes */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Free JSON object, at most 4 KiB */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name?: string;
                        scopes?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate: new secret now, old one dies now or after grace_period_seconds */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the old key keeps working (0 = it dies now); capped by WARDEN_MAX_ROTATION_GRACE_SECONDS */
                        grace_period_seconds?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                allowed_ips: string[];
                                /** Format: date-time */
                                created_at: string;
                                /** @enum {string} */
                                environment: "live" | "test";
                                /** Format: date-time */
                                expires_at: string | null;
                                /** @example key_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                id: string;
                                /** @description The plaintext key. Shown once: store it now. */
                                key: string;
                                /** Format: date-time */
                                last_used_at: string | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                /** @description Display prefix, safe to show (e.g. `wk_live_9f8a`) */
                                prefix: string;
                                /**
                                 * Format: date-time
                                 * @description Rotation only: when the previous secret stops working
                                 */
                                previous_key_expires_at?: string;
                                /** @description Requests per minute */
                                rate_limit: number | null;
                                /** @description Requests made with this key in the last 24 hours (usage rollups; 0 for a new key, may trail by one request-writer flush) */
                                requests_24h: number;
                                /** Format: date-time */
                                revoked_at: string | null;
                                scopes: string[];
                                warning: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I: principal, workspace, environment, scopes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** @enum {string|null} */
                                environment?: "live" | "test" | null;
                                /** @description The grant (`grt_…`) a client, agent or exchanged-key token belongs to; absent for API keys and user sessions */
                                grant_id?: string;
                                principal?: {
                                    id?: string;
                                    /** @enum {string} */
                                    type?: "api_key" | "user" | "client" | "agent";
                                };
                                role?: string | null;
                                scopes?: string[];
                                /**
                                 * @deprecated
                                 * @description Deprecated: read `grant_id` for a grant. The user session (`ses_…`) or the grant (`grt_…`) the token belongs to; null for an API key
                                 */
                                session_id?: string | null;
                                workspace_id?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List clients, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description 1-100, default 20 */
                    limit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** @example cli_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                client_id?: string;
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                /** Format: date-time */
                                previous_secret_expires_at?: string | null;
                                /** @description The most a token may carry */
                                scopes?: string[];
                                /** @description First characters of the current secret, safe to show */
                                secret_prefix?: string;
                                token_ttl_seconds?: number;
                                /** Format: date-time */
                                updated_at?: string;
                            }[];
                            next_cursor?: string | null;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register a client for the client credentials grant (the secret is in this answer only) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Optional. The same key from the same credential within 24 h answers the first answer again (no second secret); another body → 422 idempotency_key_reused */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        environment?: "live" | "test";
                        /** @description Free JSON object, at most 4 KiB */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name: string;
                        scopes: string[];
                        /** @description Access token lifetime (default 3600; at most WARDEN_CLIENT_TOKEN_MAX_TTL_SECONDS) */
                        token_ttl_seconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** @example cli_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                client_id?: string;
                                /** @description The `cs_` secret. Shown once: store it now. */
                                client_secret?: string;
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                /** Format: date-time */
                                previous_secret_expires_at?: string | null;
                                /** @description The most a token may carry */
                                scopes?: string[];
                                /** @description First characters of the current secret, safe to show */
                                secret_prefix?: string;
                                token_ttl_seconds?: number;
                                /** Format: date-time */
                                updated_at?: string;
                                warning?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/oauth-clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a client */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** @example cli_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                client_id?: string;
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                /** Format: date-time */
                                previous_secret_expires_at?: string | null;
                                /** @description The most a token may carry */
                                scopes?: string[];
                                /** @description First characters of the current secret, safe to show */
                                secret_prefix?: string;
                                token_ttl_seconds?: number;
                                /** Format: date-time */
                                updated_at?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a client; its tokens are refused at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, change metadata, token lifetime or scopes (new scopes end the tokens issued so far) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Free JSON object, at most 4 KiB */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        name?: string;
                        scopes?: string[];
                        /** @description Access token lifetime (default 3600; at most WARDEN_CLIENT_TOKEN_MAX_TTL_SECONDS) */
                        token_ttl_seconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** @example cli_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                client_id?: string;
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                /** Format: date-time */
                                previous_secret_expires_at?: string | null;
                                /** @description The most a token may carry */
                                scopes?: string[];
                                /** @description First characters of the current secret, safe to show */
                                secret_prefix?: string;
                                token_ttl_seconds?: number;
                                /** Format: date-time */
                                updated_at?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/oauth-clients/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New secret; the old one (and its tokens) die now, or the old secret works until grace_period_seconds */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the old key keeps working (0 = it dies now); capped by WARDEN_MAX_ROTATION_GRACE_SECONDS */
                        grace_period_seconds?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** @example cli_0Lg3kQ2b9xYcA1B2C3D4E5F6 */
                                client_id?: string;
                                /** @description The `cs_` secret. Shown once: store it now. */
                                client_secret?: string;
                                /** Format: date-time */
                                created_at?: string;
                                /** @enum {string} */
                                environment?: "live" | "test";
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                name?: string;
                                /** Format: date-time */
                                previous_secret_expires_at?: string | null;
                                /** @description The most a token may carry */
                                scopes?: string[];
                                /** @description First characters of the current secret, safe to show */
                                secret_prefix?: string;
                                token_ttl_seconds?: number;
                                /** Format: date-time */
                                updated_at?: string;
                                warning?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live sessions: your own, or (owner/admin, or a key with workspaces:write) a member's */
        get: {
            parameters: {
                query?: {
                    user_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** Format: date-time */
                                created_at?: string;
                                /** @description The session making this request */
                                current?: boolean;
                                /**
                                 * Format: date-time
                                 * @description When it ends unless used again
                                 */
                                expires_at?: string;
                                id?: string;
                                ip?: string | null;
                                /** Format: date-time */
                                last_seen_at?: string;
                                user_agent?: string | null;
                                user_id?: string;
                            }[];
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a session (idempotent); its token is refused at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Request counts of the workspace per minute, hour or day, by actor, endpoint class and status class */
        get: {
            parameters: {
                query?: {
                    actor_id?: string;
                    actor_type?: "api_key" | "user" | "client" | "agent";
                    /** @description Requests of this API key (actor_type=api_key, actor_id=…) */
                    api_key_id?: string;
                    endpoint_class?: "standard" | "write" | "upload" | "auth";
                    /** @description Bucket size (UTC), default hour */
                    granularity?: "minute" | "hour" | "day";
                    /** @description Comma list of actor, endpoint_class, status_class (default actor,status_class; empty: one row per bucket) */
                    group_by?: string;
                    /** @description ISO 8601, inclusive; default: 24 h (minute, hour) or 30 days (day) before until */
                    since?: string;
                    status_class?: "2xx" | "3xx" | "4xx" | "5xx";
                    /** @description ISO 8601, exclusive; default now. Range at most 24 h (minute), 31 days (hour), 366 days (day) */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                actor_id?: string;
                                actor_type?: string;
                                /**
                                 * Format: date-time
                                 * @description Start of the bucket (UTC)
                                 */
                                bucket: string;
                                endpoint_class?: string;
                                requests: number;
                                status_class?: string;
                            }[];
                            granularity?: string;
                            /** Format: date-time */
                            since?: string;
                            totals?: {
                                requests?: number;
                            };
                            /** Format: date-time */
                            until?: string;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check an API key for another service */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Count this request against the credential's limit for this class of your endpoint (default standard); none: do not count
                         * @enum {string}
                         */
                        endpoint_class?: "standard" | "write" | "upload" | "none";
                        /** @description The end client's IP, checked against the key's allowed_ips */
                        ip?: string;
                        /** @description An API key */
                        key?: string;
                        required_scopes?: string[];
                        /** @description Or a bearer token: JWT access token, sess_ session token (or an API key) */
                        token?: string;
                        /** @description Service credentials only: the workspace a session token (`token`) acts in, when its user has several */
                        workspace_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** @description Why not valid: rate_limited, invalid_key, key_revoked, key_expired, ip_not_allowed, insufficient_scope, invalid_token, session_expired, environment_forbidden */
                                code?: string;
                                environment?: string | null;
                                /** Format: date-time */
                                expires_at?: string | null;
                                /** @description The grant (grt_…) of a client, agent or exchanged-key token; absent otherwise */
                                grant_id?: string;
                                key_id?: string;
                                metadata?: {
                                    [key: string]: unknown;
                                };
                                missing_scopes?: string[];
                                name?: string;
                                principal?: {
                                    id?: string;
                                    type?: string;
                                };
                                rate_limit?: number | null;
                                /** @description The verified credential's rate-limit state after counting this request (absent with endpoint_class "none") */
                                ratelimit?: {
                                    limit?: number;
                                    policy?: string;
                                    remaining?: number;
                                    reset?: number;
                                    retry_after?: number;
                                };
                                scopes?: string[];
                                /** @description Deprecated: the user session, or the grant of a machine token (see grant_id) */
                                session_id?: string | null;
                                valid: boolean;
                                workspace_id?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your workspaces (a key: its own) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                id?: string;
                                name?: string;
                                role?: string | null;
                            }[];
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a workspace you own (sessions only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                id?: string;
                                name?: string;
                                role?: string | null;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pending invitations (not accepted, not expired), newest first; never the token */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                /** Format: date-time */
                                created_at?: string;
                                email?: string;
                                /** Format: date-time */
                                expires_at?: string;
                                id?: string;
                                /** @description The user or API key that sent it */
                                invited_by?: string;
                                role?: string;
                            }[];
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Invite by e-mail (a single-use token is mailed; 7 days) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "developer" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                email?: string;
                                /** Format: date-time */
                                expires_at?: string;
                                id?: string;
                                role?: string;
                            };
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{id}/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Cancel an invitation not yet accepted (you must hold the invited role's scopes); its token stops working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    invitationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members and their roles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data?: {
                                email?: string;
                                /** Format: date-time */
                                joined_at?: string;
                                name?: string | null;
                                role?: string;
                                user_id?: string;
                            }[];
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workspaces/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member (workspaces:write) or leave (yourself) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a member's role (you must hold the roles' scopes; owners alone grant or take owner; the last owner stays) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "owner" | "admin" | "developer" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description RFC 9457 problem document */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description RFC 9457 problem document */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code?: string;
                            detail?: string;
                            errors?: {
                                field?: string;
                                message?: string;
                            }[];
                            /** @description The X-Request-Id of the answer */
                            request_id?: string;
                            status?: number;
                            title?: string;
                            type?: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
