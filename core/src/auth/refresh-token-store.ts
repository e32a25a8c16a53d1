import { childDn, type Directory, type DirectoryChange, isOrchestratorError, LdapConflictError, LdapNoSuchObjectError, type Logger, ldapFilter } from "@fdo/sdk";
import { AuthRefreshRevokedError } from "../errors/registry.js";
import { AuthSessionEndedError } from "./auth-errors.js";
import { BatchedAfterCurrent } from "./batched-after-current.js";
import { activeValue, classifyPresentation, parseFamily, previousValue, type RefreshTokenFamily, spentValue, stateValue } from "./refresh-token-family.js";
import type { IssuedRefreshToken, TokenService } from "./token-service.js";

export interface RefreshTokenStoreOptions {
  readonly directory: Directory;
  readonly tokens: TokenService;
  /** Where family entries live; resolved lazily (it may come from FusionDirectory's configuration). */
  readonly branch: () => Promise<string>;
  readonly overlapSeconds: number;
  /**
   * Live families kept per account. The official client logs in on every call and never logs out, so without a
   * limit each cron call would leave one entry behind until it expires.
   */
  readonly familiesPerAccount: number;
  readonly logger: Logger;
}

// Enough spent hashes to recognise a replayed old token long after its rotation; older ones are dropped.
const MAX_SPENT = 32;

/**
 * Refresh tokens as families of `fdJWT` entries in LDAP (one entry per login), so every instance behind a load
 * balancer sees the same state. Only HMACs are stored. Every refresh rotates the token with a compare-and-swap
 * modify; presenting a rotated token outside the overlap window revokes the whole family, and so does a change of
 * the account's password since the login.
 */
export class RefreshTokenStore {
  readonly #options: RefreshTokenStoreOptions;
  // Concurrent logins of one account share one clean-up (one search) instead of racing to delete the same family.
  readonly #limitFamilies = new BatchedAfterCurrent<string>((subject, created) => this.#keepNewestFamilies(subject, created));
  /** Clean-ups requested and not finished yet. */
  readonly #cleanUps = new Set<Promise<void>>();

  constructor(options: RefreshTokenStoreOptions) {
    this.#options = options;
  }

  /**
   * Records the first token of a new family (a login), bound to the account's password state (a keyed tag). The
   * account's families above the limit are revoked right after, off the login's path: a login answers once its own
   * family exists ({@link idle} waits for the clean-ups).
   */
  async create(subject: string, issued: IssuedRefreshToken, passwordState: string): Promise<void> {
    const dn = await this.#dn(issued.family);
    const entry = {
      objectClass: ["fdJWT"],
      cn: [issued.family, `${subject}-jwt`],
      fdRefreshToken: [activeValue(issued.hash), stateValue(passwordState)],
      fdRefreshTokenExpiry: [String(issued.expiresAt)],
    };
    try {
      await this.#options.directory.add(dn, entry);
    } catch (error) {
      if (!isOrchestratorError(error) || error.code !== LdapNoSuchObjectError.code) throw error;
      await this.#createBranch();
      await this.#options.directory.add(dn, entry);
    }
    const cleanUp = this.#limitFamilies.request(subject, issued.family).catch((error: unknown) => {
      this.#options.logger.warn("could not revoke the refresh-token families above the per-account limit; the next login tries again", { sub: subject, err: error });
    });
    this.#cleanUps.add(cleanUp);
    void cleanUp.finally(() => this.#cleanUps.delete(cleanUp));
  }

  /** Resolves once every clean-up requested so far is done (before the directory closes, and in tests). */
  async idle(): Promise<void> {
    while (this.#cleanUps.size > 0) await Promise.all(this.#cleanUps);
  }

  /**
   * Replaces the presented token (hash) with `next` in its family. A replay inside the overlap window adds `next`
   * beside the current token instead. Anything else revokes the family and throws `FDO_ERR_AUTH_REFRESH_REVOKED`;
   * a `passwordState` other than the login's revokes it and throws `FDO_ERR_AUTH_SESSION_ENDED`.
   */
  async rotate(subject: string, family: string, presentedHash: string, next: IssuedRefreshToken, passwordState: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const state = await this.#read(family);
      const now = this.#options.tokens.nowSeconds();
      if (state === undefined || state.expiresAt <= now) {
        if (state !== undefined) await this.#delete(state.dn);
        throw new AuthRefreshRevokedError();
      }
      if (state.passwordState !== passwordState) {
        await this.#delete(state.dn);
        this.#options.logger.info("session ended: the account's password changed since the login, token family revoked", { sub: subject, family });
        throw new AuthSessionEndedError();
      }
      const presentation = classifyPresentation(state, presentedHash, now, this.#options.overlapSeconds);
      if (presentation === "reuse") {
        await this.#delete(state.dn);
        this.#options.logger.warn("security: refresh token reuse detected, token family revoked", { sub: subject, family });
        throw new AuthRefreshRevokedError();
      }
      try {
        await this.#options.directory.modify(state.dn, presentation === "current" ? rotation(state, presentedHash, next, now) : retry(next));
        return;
      } catch (error) {
        // Another request rotated this family between our read and write: judge the token again on fresh state.
        if (attempt < 3 && isOrchestratorError(error) && error.code === LdapConflictError.code) continue;
        throw error;
      }
    }
  }

  /** Deletes a family; false when it did not exist. */
  async revoke(family: string): Promise<boolean> {
    return this.#delete(await this.#dn(family));
  }

  /** Deletes every family (and upstream token entry) whose expiry has passed; returns how many. */
  async sweepExpired(): Promise<number> {
    const now = this.#options.tokens.nowSeconds();
    const expired: string[] = [];
    for await (const entry of this.#options.directory.search({ base: await this.#options.branch(), filter: "(objectClass=fdJWT)", attributes: ["fdRefreshTokenExpiry"] })) {
      if (Number(entry.first("fdRefreshTokenExpiry") ?? 0) <= now) expired.push(entry.dn);
    }
    for (const dn of expired) await this.#delete(dn);
    return expired.length;
  }

  /**
   * Revokes the account's families beyond `familiesPerAccount`, least recently used first (a refresh moves a
   * family's expiry forward, so the earliest expiry is the one idle longest). The families just created go last:
   * only when more logins of one account than the limit arrive at once are some of them revoked too.
   */
  async #keepNewestFamilies(subject: string, created: ReadonlySet<string>): Promise<void> {
    const families: { dn: string; family: string; expiresAt: number }[] = [];
    const search = this.#options.directory.search({
      base: await this.#options.branch(),
      filter: ldapFilter`(&(objectClass=fdJWT)(cn=${`${subject}-jwt`}))`,
      attributes: ["cn", "fdRefreshTokenExpiry"],
    });
    for await (const entry of search) {
      // Upstream's own token entry (`cn=<login>-jwt` alone) is not a family of ours and is left alone.
      const family = entry.values("cn").find((cn) => cn !== `${subject}-jwt`);
      if (family !== undefined) families.push({ dn: entry.dn, family, expiresAt: Number(entry.first("fdRefreshTokenExpiry") ?? 0) });
    }
    const excess = families.length - this.#options.familiesPerAccount;
    if (excess <= 0) return;
    const oldest = families.sort((a, b) => Number(created.has(a.family)) - Number(created.has(b.family)) || a.expiresAt - b.expiresAt).slice(0, excess);
    // Settled together, so a failure never leaves deletes running behind a finished clean-up (idle() relies on it).
    const deletes = await Promise.allSettled(oldest.map((family) => this.#delete(family.dn)));
    const refused = deletes.find((outcome) => outcome.status === "rejected");
    if (refused !== undefined) throw refused.reason;
    this.#options.logger.info("refresh-token families above the per-account limit revoked, least recently used first", { sub: subject, revoked: oldest.length });
  }

  async #dn(family: string): Promise<string> {
    return childDn("cn", family, await this.#options.branch());
  }

  async #read(family: string): Promise<RefreshTokenFamily | undefined> {
    const dn = await this.#dn(family);
    const entry = await this.#options.directory.read(dn, ["fdRefreshToken", "fdRefreshTokenExpiry"]);
    return entry === null ? undefined : parseFamily(dn, entry.values("fdRefreshToken"), entry.first("fdRefreshTokenExpiry"));
  }

  async #delete(dn: string): Promise<boolean> {
    try {
      await this.#options.directory.delete(dn);
      return true;
    } catch (error) {
      if (isOrchestratorError(error) && error.code === LdapNoSuchObjectError.code) return false;
      throw error;
    }
  }

  async #createBranch(): Promise<void> {
    const branch = await this.#options.branch();
    const match = /^ou=([^,]+),/i.exec(branch);
    if (match?.[1] === undefined) throw new LdapNoSuchObjectError(`refresh-token branch ${branch} does not exist`);
    this.#options.logger.info("creating the refresh-token branch", { branch });
    await this.#options.directory.add(branch, { objectClass: ["organizationalUnit"], ou: [match[1]] }).catch((error: unknown) => {
      if (!isOrchestratorError(error) || error.code !== "FDO_ERR_LDAP_ALREADY_EXISTS") throw error;
    });
  }
}

/** The compare-and-swap: deleting the presented `active:` value fails (conflict) if another request got there first. */
function rotation(state: RefreshTokenFamily, presentedHash: string, next: IssuedRefreshToken, now: number): DirectoryChange[] {
  const retired = [...(state.previous === undefined ? [] : [state.previous.hash]), ...state.active.filter((hash) => hash !== presentedHash)];
  const spent = [...state.spent, ...retired];
  const dropped = spent.length > MAX_SPENT ? spent.slice(0, spent.length - MAX_SPENT) : [];
  const deleted = [
    activeValue(presentedHash),
    ...state.values.filter((value) => value.startsWith("previous:") || (value.startsWith("active:") && value !== activeValue(presentedHash))),
    ...dropped.filter((hash) => state.spent.includes(hash)).map(spentValue),
  ];
  const added = [activeValue(next.hash), previousValue(presentedHash, now), ...retired.filter((hash) => !dropped.includes(hash)).map(spentValue)];
  return [
    { operation: "delete", attribute: "fdRefreshToken", values: deleted },
    { operation: "add", attribute: "fdRefreshToken", values: added },
    { operation: "replace", attribute: "fdRefreshTokenExpiry", values: [String(next.expiresAt)] },
  ];
}

function retry(next: IssuedRefreshToken): DirectoryChange[] {
  return [
    { operation: "add", attribute: "fdRefreshToken", values: [activeValue(next.hash)] },
    { operation: "replace", attribute: "fdRefreshTokenExpiry", values: [String(next.expiresAt)] },
  ];
}
