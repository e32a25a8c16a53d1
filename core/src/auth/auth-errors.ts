import { defineError } from "@fdo/sdk";

// Authentication codes added by the hardening of issue 15. Codes are a public contract: never rename one.

/**
 * A login name longer than 256 characters, or holding control characters or broken UTF-16: refused before any
 * directory work, whatever the password.
 */
export const AuthUsernameInvalidError = defineError("FDO_ERR_AUTH_USERNAME_INVALID", 400, "invalid username");

/**
 * The refresh token's session is over: the account's password changed since the login, or the login is older
 * than `REFRESH_ABSOLUTE_LIFETIME`. The family is revoked; the client must log in again. The message is upstream's
 * text for a refresh token that is not on the whitelist, which is what clients written for it expect.
 */
export const AuthSessionEndedError = defineError("FDO_ERR_AUTH_SESSION_ENDED", 400, "invalid token (not on whitelist)");
