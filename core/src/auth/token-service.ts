import { createHmac, createSecretKey, hkdfSync, type KeyObject, randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "@fdo/sdk";
import jwt from "jsonwebtoken";
import { AuthRefreshInvalidError } from "../errors/registry.js";
import { AuthSessionEndedError } from "./auth-errors.js";

/** Claim that tells access tokens from refresh tokens, so neither can stand in for the other. */
const TOKEN_USE_CLAIM = "token_use";

/** How far ahead of this host's clock a token's `iat` may be (another instance's clock may run a little fast). */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface TokenServiceOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  /** Lifetimes in seconds. */
  readonly accessTtl: number;
  readonly refreshTtl: number;
  /** How long after the login a session may be refreshed (`REFRESH_ABSOLUTE_LIFETIME`). */
  readonly sessionLifetime: number;
  readonly clock: Clock;
}

/** A freshly minted refresh token with what the store needs to know about it. */
export interface IssuedRefreshToken {
  readonly token: string;
  /** HMAC of the token: what is stored, never the token itself. */
  readonly hash: string;
  readonly family: string;
  /** Unix seconds. */
  readonly expiresAt: number;
}

/** The verified claims of a refresh token. */
export interface RefreshClaims {
  readonly subject: string;
  readonly family: string;
  /** When the session's login happened (`auth_time`, Unix seconds): the session ends `sessionLifetime` after it. */
  readonly authTime: number;
}

/** The session a refresh token continues: its family and the time of its login. */
export interface RefreshSession {
  readonly family: string;
  readonly authTime: number;
}

/**
 * Mints and verifies the service's JWTs (HS256, pinned). Access and refresh tokens carry a `token_use` claim so one
 * is never accepted as the other; refresh tokens also carry their family id. Times come from the host clock.
 */
export class TokenService {
  readonly #options: TokenServiceOptions;
  // The refresh-token HMAC key is derived from SECRET_KEY so that a leaked store hash says nothing about signatures.
  readonly #hashKey: Buffer;
  // jsonwebtoken turns a string secret into a key on every call, first trying to parse it as a PEM private or public
  // key and failing: that cost more than the rest of a login. A ready secret KeyObject skips it.
  readonly #signingKey: KeyObject;

  constructor(options: TokenServiceOptions) {
    this.#options = options;
    this.#signingKey = createSecretKey(Buffer.from(options.secret, "utf8"));
    this.#hashKey = Buffer.from(hkdfSync("sha256", options.secret, "", "fdo refresh-token store hash", 32));
  }

  /** Seconds since the epoch, by the host clock (what jsonwebtoken calls the clock timestamp). */
  nowSeconds(): number {
    return Math.floor(this.#options.clock.now().getTime() / 1000);
  }

  accessToken(subject: string): string {
    return this.#sign({ name: subject, [TOKEN_USE_CLAIM]: "access" }, subject, this.#options.accessTtl);
  }

  /**
   * A refresh token continuing `session`, or opening a new one when omitted (a login). It never outlives its
   * session: its expiry is capped at the login time plus the session lifetime.
   */
  refreshToken(subject: string, session: RefreshSession = { family: randomBytes(16).toString("hex"), authTime: this.nowSeconds() }): IssuedRefreshToken {
    const ttl = Math.min(this.#options.refreshTtl, session.authTime + this.#options.sessionLifetime - this.nowSeconds());
    const token = this.#sign({ [TOKEN_USE_CLAIM]: "refresh", fam: session.family, auth_time: session.authTime }, subject, ttl);
    return { token, hash: this.hash(token), family: session.family, expiresAt: this.nowSeconds() + ttl };
  }

  /** Hex HMAC-SHA256 of a refresh token, as stored in `fdRefreshToken`. */
  hash(token: string): string {
    return createHmac("sha256", this.#hashKey).update(token).digest("hex");
  }

  /** What a token family stores of an account's password state: keyed, so the store reveals nothing about it. */
  passwordStateTag(passwordState: string): string {
    // A NUL cannot occur in a JWT, so this input never equals a refresh token's.
    return this.hash(`password-state\u0000${passwordState}`);
  }

  /** Verifies a refresh token (signature first, then claims); throws `FDO_ERR_AUTH_REFRESH_INVALID`. */
  verifyRefresh(token: unknown): RefreshClaims {
    if (typeof token !== "string") throw new AuthRefreshInvalidError();
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, this.#signingKey, {
        algorithms: ["HS256"],
        issuer: this.#options.issuer,
        audience: this.#options.audience,
        clockTimestamp: this.nowSeconds(),
      });
    } catch (error) {
      throw new AuthRefreshInvalidError(undefined, { cause: error });
    }
    if (typeof payload === "string" || payload[TOKEN_USE_CLAIM] !== "refresh" || typeof payload.sub !== "string" || typeof payload["fam"] !== "string") {
      throw new AuthRefreshInvalidError();
    }
    const authTime = payload["auth_time"];
    if (!this.#timesAcceptable(payload, this.#options.refreshTtl) || typeof authTime !== "number" || authTime > (payload.iat as number)) throw new AuthRefreshInvalidError();
    // The session lifetime may have been shortened since the token was issued.
    if (authTime + this.#options.sessionLifetime <= this.nowSeconds()) throw new AuthSessionEndedError();
    return { subject: payload.sub, family: payload["fam"], authTime };
  }

  /**
   * Whether a signature-verified payload is an access token this host accepts: typed `access`, carrying `exp`,
   * `iat` and `jti`, not issued in the future and claiming no longer life than `TOKEN_EXPIRY`.
   */
  acceptsAccessClaims(payload: Readonly<Record<string, unknown>>): boolean {
    return payload[TOKEN_USE_CLAIM] === "access" && this.#timesAcceptable(payload, this.#options.accessTtl);
  }

  /** Options for verifying access tokens with koa-jwt (which hands them to jsonwebtoken as they are). */
  accessVerifyOptions(): { secret: KeyObject; algorithms: jwt.Algorithm[]; issuer: string; audience: string; readonly clockTimestamp: number } {
    const nowSeconds = (): number => this.nowSeconds();
    return {
      secret: this.#signingKey,
      algorithms: ["HS256"],
      issuer: this.#options.issuer,
      audience: this.#options.audience,
      get clockTimestamp() {
        return nowSeconds();
      },
    };
  }

  /**
   * jsonwebtoken accepts a token without `exp` (valid forever) and one issued in the future; a token signed with the
   * key but minted elsewhere (a leaked key, a test tool) must still look like ours to be accepted.
   */
  #timesAcceptable(payload: Readonly<Record<string, unknown>>, maxLifetime: number): boolean {
    const { exp, iat, jti } = payload;
    if (typeof exp !== "number" || typeof iat !== "number" || !Number.isFinite(exp) || !Number.isFinite(iat)) return false;
    if (typeof jti !== "string" || jti === "") return false;
    return iat <= this.nowSeconds() + CLOCK_TOLERANCE_SECONDS && exp - iat <= maxLifetime;
  }

  #sign(claims: Record<string, unknown>, subject: string, ttl: number): string {
    return jwt.sign({ ...claims, iat: this.nowSeconds() }, this.#signingKey, {
      algorithm: "HS256",
      subject,
      issuer: this.#options.issuer,
      audience: this.#options.audience,
      expiresIn: ttl,
      jwtid: randomUUID(),
    });
  }
}
