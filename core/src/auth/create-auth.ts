import type tls from "node:tls";
import type { Clock, Directory, Logger } from "@fdo/sdk";
import type { CoreConfig } from "../config/core-schema.js";
import { sessionLifetime } from "../config/hardening-checks.js";
import { BindPool } from "../ldap/bind-pool.js";
import { Authenticator } from "./authenticator.js";
import { DsaAccounts } from "./dsa-accounts.js";
import { LoginThrottle } from "./login-throttle.js";
import { RefreshTokenStore } from "./refresh-token-store.js";
import { tokenBranchResolver } from "./token-branch.js";
import { TokenService } from "./token-service.js";

export interface AuthServices {
  readonly tokens: TokenService;
  readonly authenticator: Authenticator;
  readonly refreshTokens: RefreshTokenStore;
  /** The branch of refresh-token entries: LDAP_TOKEN_BRANCH, else FusionDirectory's fdOrchestratorTokenRDN, else the DSA branch. */
  readonly tokenBranch: () => Promise<string>;
  /** Closes the password-check connections. */
  close(): Promise<void>;
}

// Password checks share a few connections: enough for bursts of parallel logins (binds are short), few enough that
// a login storm cannot open a connection per request on the directory.
const BIND_POOL_SIZE = 8;
const BIND_POOL_IDLE_MS = 30_000;

/** Wires authentication from configuration: tokens, DSA lookup, throttling, refresh-token families. */
export function createAuth(config: CoreConfig, deps: { directory: Directory; clock: Clock; logger: Logger; tlsOptions: tls.ConnectionOptions }): AuthServices {
  const logger = deps.logger.child({ service: "auth" });
  const tokens = new TokenService({
    secret: config.secretKey,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    accessTtl: config.tokenExpiry,
    refreshTtl: config.refreshExpiry,
    sessionLifetime: sessionLifetime(config),
    clock: deps.clock,
  });
  const binds = new BindPool({ url: config.ldapUri, tlsOptions: deps.tlsOptions, timeoutMs: config.ldapTimeoutMs, size: BIND_POOL_SIZE, idleMs: BIND_POOL_IDLE_MS });
  const accounts = new DsaAccounts({
    directory: deps.directory,
    ldapBase: config.ldapBase,
    configuredBranch: config.ldapDsaBranch,
    verifyBind: (dn, password) => binds.verify(dn, password),
    logger,
  });
  const tokenBranch = tokenBranchResolver({ directory: deps.directory, ldapBase: config.ldapBase, configuredBranch: config.ldapTokenBranch, dsaBranch: () => accounts.branch(), logger });
  const refreshTokens = new RefreshTokenStore({
    directory: deps.directory,
    tokens,
    branch: tokenBranch,
    overlapSeconds: config.refreshOverlapSeconds,
    familiesPerAccount: config.refreshFamiliesPerAccount,
    logger,
  });
  const throttle = new LoginThrottle({
    clock: deps.clock,
    windowSeconds: config.authFailureWindowSeconds,
    maxFailuresPerAccount: config.authMaxFailures,
    maxFailuresPerAddress: config.authIpMaxFailures,
    baseDelayMs: config.authFailureDelayMs,
  });
  return { tokens, refreshTokens, tokenBranch, authenticator: new Authenticator({ accounts, throttle, tokens, store: refreshTokens, logger }), close: () => binds.close() };
}
