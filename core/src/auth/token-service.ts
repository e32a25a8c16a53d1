import { createHmac, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Clock } from "@fdo/sdk";
import { AuthRefreshInvalidError } from "../errors/registry.js";

/** Claim that tells access tokens from refresh tokens, so neither can stand in for the other. */
export const TOKEN_USE_CLAIM = "token_use";

export interface TokenServiceOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  /** Lifetimes in seconds. */
  readonly accessTtl: number;
  readonly refreshTtl: number;
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
}

/**
 * Mints and verifies the service's JWTs (HS256, pinned). Access and refresh tokens carry a `token_use` claim so one
 * is never accepted as the other; refresh tokens also carry their family id. Times come from the host clock.
 */
export class TokenService {
  readonly #options: TokenServiceOptions;
  // The refresh-token HMAC key is derived from SECRET_KEY so that a leaked store hash says nothing about signatures.
  readonly #hashKey: Buffer;

  constructor(options: TokenServiceOptions) {
    this.#options = options;
    this.#hashKey = Buffer.from(hkdfSync("sha256", options.secret, "", "fdo refresh-token store hash", 32));
  }

  /** Seconds since the epoch, by the host clock (what jsonwebtoken calls the clock timestamp). */
  nowSeconds(): number {
    return Math.floor(this.#options.clock.now().getTime() / 1000);
  }

  accessToken(subject: string): string {
    return this.#sign({ name: subject, [TOKEN_USE_CLAIM]: "access" }, subject, this.#options.accessTtl);
  }

  /** A refresh token of `family`, or of a new family when omitted (a login). */
  refreshToken(subject: string, family: string = randomBytes(16).toString("hex")): IssuedRefreshToken {
    const token = this.#sign({ [TOKEN_USE_CLAIM]: "refresh", fam: family }, subject, this.#options.refreshTtl);
    return { token, hash: this.hash(token), family, expiresAt: this.nowSeconds() + this.#options.refreshTtl };
  }

  /** Hex HMAC-SHA256 of a refresh token, as stored in `fdRefreshToken`. */
  hash(token: string): string {
    return createHmac("sha256", this.#hashKey).update(token).digest("hex");
  }

  /** Verifies a refresh token (signature first, then claims); throws `FDO_ERR_AUTH_REFRESH_INVALID`. */
  verifyRefresh(token: unknown): RefreshClaims {
    if (typeof token !== "string") throw new AuthRefreshInvalidError();
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, this.#options.secret, {
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
    return { subject: payload.sub, family: payload["fam"] as string };
  }

  /** Options for verifying access tokens with koa-jwt (which hands them to jsonwebtoken as they are). */
  accessVerifyOptions(): { secret: string; algorithms: jwt.Algorithm[]; issuer: string; audience: string; readonly clockTimestamp: number } {
    const nowSeconds = (): number => this.nowSeconds();
    return {
      secret: this.#options.secret,
      algorithms: ["HS256"],
      issuer: this.#options.issuer,
      audience: this.#options.audience,
      get clockTimestamp() {
        return nowSeconds();
      },
    };
  }

  #sign(claims: Record<string, unknown>, subject: string, ttl: number): string {
    return jwt.sign({ ...claims, iat: this.nowSeconds() }, this.#options.secret, {
      algorithm: "HS256",
      subject,
      issuer: this.#options.issuer,
      audience: this.#options.audience,
      expiresIn: ttl,
      jwtid: randomUUID(),
    });
  }
}
