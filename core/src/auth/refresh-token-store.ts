import { randomBytes } from "node:crypto";
import { childDn, type DirectoryChange, type DirectoryEntry, isOrchestratorError, LdapConflictError, LdapNoSuchObjectError, type Logger, ldapFilter } from "@fdo/sdk";
import { AuthRefreshRevokedError } from "../errors/registry.js";
import type { AssertingDirectory } from "../ldap/asserting-directory.js";
import { AuthSessionEndedError } from "./auth-errors.js";
import { BatchedAfterCurrent } from "./batched-after-current.js";
import { type AccountFamilies, FamilySlots, type TakeOverCandidate } from "./family-slots.js";
import {
  activeValue,
  classifyPresentation,
  entryIdOf,
  familyValue,
  holds,
  parseFamily,
  previousValue,
  type RefreshTokenFamily,
  spentValue,
  stateValue,
  takeOverFamily,
} from "./refresh-token-family.js";
import type { IssuedRefreshToken, TokenService } from "./token-service.js";

export interface RefreshTokenStoreOptions {
  readonly directory: AssertingDirectory;
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
const FAMILY_ATTRIBUTES = ["cn", "fdRefreshToken", "fdRefreshTokenExpiry"];

/** Another request changed or deleted the entry first. */
const isLostRace = (error: unknown): boolean => isOrchestratorError(error) && (error.code === LdapConflictError.code || error.code === LdapNoSuchObjectError.code);

/**
 * Refresh tokens as families of `fdJWT` entries in LDAP (one per login), so every instance behind a load balancer
 * sees the same state. Only HMACs are stored. Every refresh rotates the token with a compare-and-swap modify;
 * presenting a rotated token outside the overlap window revokes the whole family, and so does a change of the
 * account's password since the login. An account at its limit of families revokes the least recently used one by
 * taking its entry over: one write per login instead of an add and a delete.
 */
export class RefreshTokenStore {
  readonly #options: RefreshTokenStoreOptions;
  readonly #slots: FamilySlots;
  // Concurrent logins of one account share one clean-up (one search) instead of racing to delete the same family.
  readonly #limitFamilies = new BatchedAfterCurrent<string>((subject, created) => this.#keepNewestFamilies(subject, created));
  /** Clean-ups requested and not finished yet. */
  readonly #cleanUps = new Set<Promise<void>>();

  constructor(options: RefreshTokenStoreOptions) {
    this.#options = options;
    this.#slots = new FamilySlots((subject) => this.#accountFamilies(subject), options.familiesPerAccount);
  }

  /**
   * Issues the first token of a new family (a login), bound to the account's password state (a keyed tag). At the
   * account's limit the least recently used family's entry is taken over; otherwise a new entry is added. When that
   * may leave the account above its limit (no room was listed, another request changed or deleted the entry first, the
   * limit was lowered) the families above it are revoked right after, off the login's path: a login answers once its
   * own family exists ({@link idle} waits for the clean-ups).
   */
  async create(subject: string, passwordState: string): Promise<IssuedRefreshToken> {
    const slot = await this.#slots.take(subject);
    try {
      if (slot.kind === "take-over") {
        try {
          const issued = await this.#takeOver(subject, slot.candidate, passwordState);
          if (slot.cleanUp) this.#limitFamiliesLater(subject, issued.family);
          return issued;
        } catch (error) {
          if (!isLostRace(error)) throw error;
        }
      }
      const issued = this.#options.tokens.refreshToken(subject);
      await this.#add(subject, issued, passwordState);
      // A take-over lost to another request adds beyond the limit.
      if (slot.cleanUp || slot.kind === "take-over") this.#limitFamiliesLater(subject, issued.family);
      return issued;
    } finally {
      slot.settle();
    }
  }

  /** Revokes the account's families above the limit once `created` exists, off the login's path. */
  #limitFamiliesLater(subject: string, created: string): void {
    const cleanUp = this.#limitFamilies.request(subject, created).catch((error: unknown) => {
      this.#options.logger.warn("could not revoke the refresh-token families above the per-account limit; the next login tries again", { sub: subject, err: error });
    });
    this.#cleanUps.add(cleanUp);
    void cleanUp.finally(() => this.#cleanUps.delete(cleanUp));
  }

  /**
   * Writes the new family into the entry of `candidate`, revoking the family it held: a compare-and-swap on that
   * family and its current tokens, so a take-over fails when another login took the entry or the family was refreshed
   * since it was listed as least recently used.
   */
  async #takeOver(subject: string, candidate: TakeOverCandidate, passwordState: string): Promise<IssuedRefreshToken> {
    const { tokens } = this.#options;
    const family = takeOverFamily(entryIdOf(candidate.family), randomBytes(8).toString("hex"));
    const issued = tokens.refreshToken(subject, { family, authTime: tokens.nowSeconds() });
    await this.#options.directory.modify(candidate.dn, [
      { operation: "delete", attribute: "fdRefreshToken", values: [...candidate.expected] },
      { operation: "replace", attribute: "fdRefreshToken", values: [familyValue(family), activeValue(issued.hash), stateValue(passwordState)] },
      { operation: "replace", attribute: "fdRefreshTokenExpiry", values: [String(issued.expiresAt)] },
    ]);
    this.#options.logger.info("refresh-token family above the per-account limit revoked, least recently used first: a new login took its entry over", {
      sub: subject,
      revoked: candidate.family,
    });
    return issued;
  }

  async #add(subject: string, issued: IssuedRefreshToken, passwordState: string): Promise<void> {
    const dn = await this.#dn(issued.family);
    const entry = {
      objectClass: ["fdJWT"],
      cn: [issued.family, `${subject}-jwt`],
      fdRefreshToken: [familyValue(issued.family), activeValue(issued.hash), stateValue(passwordState)],
      fdRefreshTokenExpiry: [String(issued.expiresAt)],
    };
    try {
      await this.#options.directory.add(dn, entry);
    } catch (error) {
      if (!isOrchestratorError(error) || error.code !== LdapNoSuchObjectError.code) throw error;
      await this.#createBranch();
      await this.#options.directory.add(dn, entry);
    }
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
        if (state !== undefined) await this.#deleteFamily(state);
        throw new AuthRefreshRevokedError();
      }
      if (state.passwordState !== passwordState) {
        await this.#deleteFamily(state);
        this.#options.logger.info("session ended: the account's password changed since the login, token family revoked", { sub: subject, family });
        throw new AuthSessionEndedError();
      }
      const presentation = classifyPresentation(state, presentedHash, now, this.#options.overlapSeconds);
      if (presentation === "reuse") {
        await this.#deleteFamily(state);
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

  /** Deletes a family; false when it did not exist (any more). */
  async revoke(family: string): Promise<boolean> {
    const state = await this.#read(family);
    return state !== undefined && (await this.#deleteFamily(state));
  }

  /** Deletes every family (and upstream token entry) whose expiry has passed; returns how many. */
  async sweepExpired(): Promise<number> {
    const now = this.#options.tokens.nowSeconds();
    const expired: RefreshTokenFamily[] = [];
    for await (const entry of this.#options.directory.search({ base: await this.#options.branch(), filter: "(objectClass=fdJWT)", attributes: ["fdRefreshToken", "fdRefreshTokenExpiry"] })) {
      const state = familyOf(entry);
      if (state.expiresAt <= now) expired.push(state);
    }
    let deleted = 0;
    for (const state of expired) if (await this.#deleteFamily(state)) deleted += 1;
    return deleted;
  }

  /** The account's families: how many, and those a login may take over (least recently used first). */
  async #accountFamilies(subject: string): Promise<AccountFamilies> {
    const families = await this.#familiesOf(subject);
    const candidates = families
      .filter((state): state is RefreshTokenFamily & { family: string } => state.family !== undefined)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .map((state) => ({ dn: state.dn, family: state.family, expected: [familyValue(state.family), ...state.active.map(activeValue)] }));
    return { count: families.length, candidates };
  }

  /** The account's families; upstream's own token entry (`cn=<login>-jwt` alone) is not one of ours and is left out. */
  async #familiesOf(subject: string): Promise<RefreshTokenFamily[]> {
    const families: RefreshTokenFamily[] = [];
    const search = this.#options.directory.search({
      base: await this.#options.branch(),
      filter: ldapFilter`(&(objectClass=fdJWT)(cn=${`${subject}-jwt`}))`,
      attributes: FAMILY_ATTRIBUTES,
    });
    for await (const entry of search) {
      if (entry.values("cn").some((cn) => cn !== `${subject}-jwt`)) families.push(familyOf(entry));
    }
    return families;
  }

  /**
   * Revokes the account's families beyond `familiesPerAccount`, least recently used first (a refresh moves a
   * family's expiry forward, so the earliest expiry is the one idle longest). The families just created go last:
   * only when more logins of one account than the limit arrive at once are some of them revoked too.
   */
  async #keepNewestFamilies(subject: string, created: ReadonlySet<string>): Promise<void> {
    const families = await this.#familiesOf(subject);
    const excess = families.length - this.#options.familiesPerAccount;
    if (excess <= 0) return;
    const isNew = (state: RefreshTokenFamily) => Number(state.family !== undefined && created.has(state.family));
    const oldest = families.sort((a, b) => isNew(a) - isNew(b) || a.expiresAt - b.expiresAt).slice(0, excess);
    // Settled together, so a failure never leaves deletes running behind a finished clean-up (idle() relies on it).
    const deletes = await Promise.allSettled(oldest.map((state) => this.#deleteFamily(state)));
    const refused = deletes.find((outcome) => outcome.status === "rejected");
    if (refused !== undefined) throw refused.reason;
    this.#options.logger.info("refresh-token families above the per-account limit revoked, least recently used first", { sub: subject, revoked: oldest.length });
  }

  async #dn(family: string): Promise<string> {
    return childDn("cn", entryIdOf(family), await this.#options.branch());
  }

  /** The family's state; `undefined` when its entry is gone or now holds a later family. */
  async #read(family: string): Promise<RefreshTokenFamily | undefined> {
    const dn = await this.#dn(family);
    const entry = await this.#options.directory.read(dn, ["fdRefreshToken", "fdRefreshTokenExpiry"]);
    const state = entry === null ? undefined : parseFamily(dn, entry.values("fdRefreshToken"), entry.first("fdRefreshTokenExpiry"));
    return state !== undefined && holds(state, family) ? state : undefined;
  }

  /**
   * Deletes the family's entry only while it still holds that family (a later login may have taken it over); false
   * when it did not. Entries written before take-overs existed are never taken over and are deleted as they are.
   */
  async #deleteFamily(state: RefreshTokenFamily): Promise<boolean> {
    const { directory } = this.#options;
    try {
      if (state.family === undefined || directory.deleteIfMatches === undefined) await directory.delete(state.dn);
      else await directory.deleteIfMatches(state.dn, ldapFilter`(fdRefreshToken=${familyValue(state.family)})`);
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
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

function familyOf(entry: DirectoryEntry): RefreshTokenFamily {
  return parseFamily(entry.dn, entry.values("fdRefreshToken"), entry.first("fdRefreshTokenExpiry"));
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
