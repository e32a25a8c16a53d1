import { setTimeout as sleep } from "node:timers/promises";
import { isOrchestratorError, LdapUnavailableError, type Logger } from "@fdo/sdk";
import { AuthInvalidCredentialsError, AuthRefreshRevokedError } from "../errors/registry.js";
import type { DsaAccount, DsaAccounts } from "./dsa-accounts.js";
import { assertLoginName, normalisedLoginName } from "./login-name.js";
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

/**
 * Runs directory work for a caller who is not authenticated. A directory failure becomes the generic 503
 * `FDO_ERR_LDAP_UNAVAILABLE`, whatever it was: its message names DNs and result codes (a misconfigured DSA branch
 * would otherwise answer 404 with the branch's DN). The error handler logs the original as the cause.
 */
async function hidingDirectoryFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isOrchestratorError(error) && error.code.startsWith("FDO_ERR_LDAP_")) throw new LdapUnavailableError(undefined, { cause: error });
    throw error;
  }
}

// Failures are counted per account as the directory identifies it, never per string the client typed.
const throttleKey = (account: DsaAccount | undefined, username: string): string => (account === undefined ? `name:${normalisedLoginName(username)}` : `dn:${account.dn.toLowerCase()}`);

/** Login, refresh and logout for DSA accounts, independent of HTTP. */
export class Authenticator {
  readonly #options: AuthenticatorOptions;

  constructor(options: AuthenticatorOptions) {
    this.#options = options;
  }

  /**
   * Checks the credentials and opens a new token family. Names that cannot be an account's are refused before
   * anything else, blank passwords before any directory work (an empty simple bind is an anonymous bind that
   * servers may accept). The attempt is counted before the bind, so concurrent guesses cannot outrun the throttle.
   * Every failure looks the same to the caller.
   */
  async login(username: string, password: string, address: string): Promise<TokenPair> {
    const { accounts, throttle, tokens, store, logger } = this.#options;
    assertLoginName(username);
    throttle.checkAddress(address);
    const blank = username === "" || password.trim() === "";
    return hidingDirectoryFailures(async () => {
      const account = blank ? undefined : await accounts.find(username);
      const attempt = throttle.reserve(throttleKey(account, username), address);
      let accepted: boolean;
      try {
        accepted = !blank && (await accounts.checkPassword(account, username, password));
      } catch (error) {
        attempt.abandoned();
        throw error;
      }
      if (!accepted || account === undefined) {
        const delayMs = attempt.failed();
        logger.warn("failed login", { username, address });
        if (delayMs > 0) await sleep(delayMs);
        throw new AuthInvalidCredentialsError();
      }
      attempt.succeeded();
      const refresh = await store.create(username, tokens.passwordStateTag(account.passwordState));
      logger.info("login", { username, address, family: refresh.family });
      return { access_token: tokens.accessToken(username), refresh_token: refresh.token };
    });
  }

  /**
   * Rotates a refresh token. The account must still exist in the DSA branch with the password it had at the login,
   * and the login must be younger than the session lifetime.
   */
  async refresh(token: unknown): Promise<TokenPair> {
    const { accounts, tokens, store } = this.#options;
    const claims = tokens.verifyRefresh(token);
    return hidingDirectoryFailures(async () => {
      const account = await accounts.find(claims.subject);
      if (account === undefined) {
        await store.revoke(claims.family);
        throw new AuthRefreshRevokedError();
      }
      const next = tokens.refreshToken(claims.subject, { family: claims.family, authTime: claims.authTime });
      await store.rotate(claims.subject, claims.family, tokens.hash(token as string), next, tokens.passwordStateTag(account.passwordState));
      return { access_token: tokens.accessToken(claims.subject), refresh_token: next.token };
    });
  }

  /** Revokes the token's family; false when it was already gone. */
  async logout(token: unknown): Promise<boolean> {
    const claims = this.#options.tokens.verifyRefresh(token);
    const revoked = await hidingDirectoryFailures(() => this.#options.store.revoke(claims.family));
    if (revoked) this.#options.logger.info("logout", { username: claims.subject, family: claims.family });
    return revoked;
  }
}
