import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@fdo/sdk";
import { AuthInvalidCredentialsError, AuthRefreshRevokedError } from "../errors/registry.js";
import type { DsaAccounts } from "./dsa-accounts.js";
import type { LoginThrottle } from "./login-throttle.js";
import type { RefreshTokenStore } from "./refresh-token-store.js";
import type { TokenService } from "./token-service.js";

/** Upstream's JSON keys for a token pair. */
export interface TokenPair {
  readonly access_token: string;
  readonly refresh_token: string;
}

export interface AuthenticatorOptions {
  readonly accounts: DsaAccounts;
  readonly throttle: LoginThrottle;
  readonly tokens: TokenService;
  readonly store: RefreshTokenStore;
  readonly logger: Logger;
}

/** Login, refresh and logout for DSA accounts, independent of HTTP. */
export class Authenticator {
  readonly #options: AuthenticatorOptions;

  constructor(options: AuthenticatorOptions) {
    this.#options = options;
  }

  /**
   * Checks the credentials and opens a new token family. Blank passwords are refused before any bind (an empty
   * simple bind is an anonymous bind that servers may accept). Every failure looks the same to the caller.
   */
  async login(username: string, password: string, address: string): Promise<TokenPair> {
    const { accounts, throttle, tokens, store, logger } = this.#options;
    throttle.check(username, address);
    const accepted = username !== "" && password.trim() !== "" && (await accounts.authenticate(username, password));
    if (!accepted) {
      const delayMs = throttle.recordFailure(username, address);
      logger.warn("failed login", { username, address });
      if (delayMs > 0) await sleep(delayMs);
      throw new AuthInvalidCredentialsError();
    }
    throttle.recordSuccess(username);
    const refresh = tokens.refreshToken(username);
    await store.create(username, refresh);
    logger.info("login", { username, address, family: refresh.family });
    return { access_token: tokens.accessToken(username), refresh_token: refresh.token };
  }

  /** Rotates a refresh token; the account must still exist in the DSA branch. */
  async refresh(token: unknown): Promise<TokenPair> {
    const { accounts, tokens, store } = this.#options;
    const claims = tokens.verifyRefresh(token);
    if ((await accounts.find(claims.subject)) === undefined) {
      await store.revoke(claims.family);
      throw new AuthRefreshRevokedError();
    }
    const next = tokens.refreshToken(claims.subject, claims.family);
    await store.rotate(claims.subject, claims.family, tokens.hash(token as string), next);
    return { access_token: tokens.accessToken(claims.subject), refresh_token: next.token };
  }

  /** Revokes the token's family; false when it was already gone. */
  async logout(token: unknown): Promise<boolean> {
    const claims = this.#options.tokens.verifyRefresh(token);
    const revoked = await this.#options.store.revoke(claims.family);
    if (revoked) this.#options.logger.info("logout", { username: claims.subject, family: claims.family });
    return revoked;
  }
}
