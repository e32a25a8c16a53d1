/**
 * The state of one refresh-token family as stored in its `fdJWT` entry. `fdRefreshToken` holds tagged values:
 * `family:<id>` (the family the entry holds now: a login may take over an account's least recently used entry, so
 * the entry's `cn` names the family it was created for), `active:<hash>` (may be presented),
 * `previous:<hash>:<rotated at>` (the token just rotated away, replayable within the overlap window), `spent:<hash>`
 * (rotated earlier: presenting one is reuse), `state:<tag>` (the keyed tag of the account's password state at login:
 * the family ends when it changes).
 */
export interface RefreshTokenFamily {
  readonly dn: string;
  /** The `family:` value; `undefined` for an entry written before entries were taken over (its `cn` is its family). */
  readonly family: string | undefined;
  readonly active: readonly string[];
  readonly previous: { readonly hash: string; readonly rotatedAt: number } | undefined;
  readonly spent: readonly string[];
  /** The password-state tag recorded at login; `undefined` for a family written before tags existed. */
  readonly passwordState: string | undefined;
  /** Unix seconds; the family is dead after it. */
  readonly expiresAt: number;
  /** The raw `fdRefreshToken` values, for exact deletes. */
  readonly values: readonly string[];
}

/** What presenting a token with `hash` to its family means. */
export type Presentation = "current" | "retry" | "reuse";

export const familyValue = (family: string): string => `family:${family}`;
export const activeValue = (hash: string): string => `active:${hash}`;
export const previousValue = (hash: string, rotatedAt: number): string => `previous:${hash}:${rotatedAt}`;
export const spentValue = (hash: string): string => `spent:${hash}`;
export const stateValue = (tag: string): string => `state:${tag}`;

/** Reads the tagged values; unknown values (e.g. an upstream plain hash) are kept in `values` only. */
export function parseFamily(dn: string, values: readonly string[], expiry: string | undefined): RefreshTokenFamily {
  const active: string[] = [];
  const spent: string[] = [];
  let previous: RefreshTokenFamily["previous"];
  let passwordState: string | undefined;
  let family: string | undefined;
  for (const value of values) {
    const [tag, hash, rotatedAt] = value.split(":");
    if (tag === "family" && hash !== undefined) family = hash;
    else if (tag === "active" && hash !== undefined) active.push(hash);
    else if (tag === "spent" && hash !== undefined) spent.push(hash);
    else if (tag === "previous" && hash !== undefined) previous = { hash, rotatedAt: Number(rotatedAt) };
    else if (tag === "state" && hash !== undefined) passwordState = hash;
  }
  return { dn, family, active, previous, spent, passwordState, expiresAt: Number(expiry ?? 0), values };
}

/**
 * The id of the entry a family lives in: a family that took an entry over is `<entry id>.<suffix>`, so a token still
 * finds its entry with one read of a known DN.
 */
export const entryIdOf = (family: string): string => family.split(".", 1)[0] as string;

/** A family id for a login taking over the entry `entryId`. */
export const takeOverFamily = (entryId: string, suffix: string): string => `${entryId}.${suffix}`;

/** Whether the entry read for `family` still holds it (it may have been taken over by a later login since). */
export function holds(state: RefreshTokenFamily, family: string): boolean {
  return state.family === undefined ? family === entryIdOf(family) : state.family === family;
}

/**
 * Classifies a presented token: the current one; a replay of the just-rotated one inside the overlap window (a
 * client retry, or two parallel refreshes); anything else of this family is reuse of a stolen or stale token.
 */
export function classifyPresentation(family: RefreshTokenFamily, hash: string, nowSeconds: number, overlapSeconds: number): Presentation {
  if (family.active.includes(hash)) return "current";
  if (family.previous?.hash === hash && nowSeconds - family.previous.rotatedAt <= overlapSeconds) return "retry";
  return "reuse";
}
