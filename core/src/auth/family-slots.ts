/** A family entry of an account that a new login may take over. */
export interface TakeOverCandidate {
  readonly dn: string;
  /** The family it holds (its `family:` value). */
  readonly family: string;
  /**
   * The values that must still be there for the take-over (the family and its current tokens): a refresh since the
   * listing makes it fail.
   */
  readonly expected: readonly string[];
}

/** One listing of an account's families. */
export interface AccountFamilies {
  /** Families the account has, whatever their kind. */
  readonly count: number;
  /** Entries a login may take over, least recently used first. */
  readonly candidates: readonly TakeOverCandidate[];
}

/**
 * Where a login puts its family: a new entry, or an entry it takes over. `cleanUp`: the account may be above its limit
 * once the login is written (no room was listed, or the limit was lowered), so the clean-up must follow. `settle()`
 * once the write is done, however.
 */
export type FamilySlot = ({ readonly kind: "new" } | { readonly kind: "take-over"; readonly candidate: TakeOverCandidate }) & {
  readonly cleanUp: boolean;
  readonly settle: () => void;
};

/** One listing of an account's families and the logins it serves, until it has nothing left or its logins are done. */
class Session {
  /** Slots handed out and not settled yet. */
  open = 0;
  added = 0;
  next = 0;
  exhausted = false;
  readonly #idle: Array<() => void> = [];

  constructor(readonly listing: Promise<AccountFamilies | undefined>) {}

  /** Resolves once every slot handed out so far is settled. */
  settled(): Promise<void> {
    return this.open === 0 ? Promise.resolve() : new Promise((resolve) => this.#idle.push(resolve));
  }

  settle(): void {
    this.open -= 1;
    if (this.open === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}

/**
 * Decides where each login of an account puts its new family: a new entry while the account is below its limit,
 * else the entry of its least recently used family, taken over in one write (instead of adding an entry and deleting
 * another). Concurrent logins of an account share one listing of its families and take distinct entries over; the
 * next listing starts once their writes are done, so it never hands out an entry with the values it had before.
 * Another instance taking the same entry loses the compare-and-swap, and its login adds an entry instead.
 */
export class FamilySlots {
  readonly #list: (subject: string) => Promise<AccountFamilies>;
  readonly #limit: number;
  readonly #sessions = new Map<string, Session>();

  constructor(list: (subject: string) => Promise<AccountFamilies>, limit: number) {
    this.#list = list;
    this.#limit = limit;
  }

  /** The slot of one login. A listing that fails gives a new entry: the clean-up after it lists again and reports. */
  async take(subject: string): Promise<FamilySlot> {
    // A listing another login emptied meanwhile sends this one to the next listing, after that one's writes.
    return (await this.#takeFrom(subject, this.#session(subject), false)) ?? (await this.#takeFrom(subject, this.#session(subject), true));
  }

  /** A slot of `session`; when it has nothing left, `undefined`, or a new entry if this is the `last` try. */
  #takeFrom(subject: string, session: Session, last: true): Promise<FamilySlot>;
  #takeFrom(subject: string, session: Session, last: false): Promise<FamilySlot | undefined>;
  async #takeFrom(subject: string, session: Session, last: boolean): Promise<FamilySlot | undefined> {
    session.open += 1;
    const settle = () => this.#settle(subject, session);
    const families = await session.listing;
    if (families === undefined) return { kind: "new", cleanUp: true, settle };
    if (families.count + session.added < this.#limit) {
      session.added += 1;
      return { kind: "new", cleanUp: false, settle };
    }
    const candidate = families.candidates[session.next];
    if (candidate !== undefined) {
      session.next += 1;
      if (session.next === families.candidates.length) session.exhausted = true;
      return { kind: "take-over", candidate, cleanUp: families.count > this.#limit, settle };
    }
    session.exhausted = true;
    if (last) return { kind: "new", cleanUp: true, settle };
    settle();
    return undefined;
  }

  /** The account's session that still hands out slots, or a new one listing after the previous one's writes. */
  #session(subject: string): Session {
    const current = this.#sessions.get(subject);
    if (current !== undefined && !current.exhausted) return current;
    const after = current?.settled() ?? Promise.resolve();
    const session = new Session(after.then(() => this.#list(subject)).catch(() => undefined));
    this.#sessions.set(subject, session);
    return session;
  }

  #settle(subject: string, session: Session): void {
    session.settle();
    // Idle: a later login lists anew, and sees what was refreshed meanwhile.
    if (session.open === 0 && this.#sessions.get(subject) === session) this.#sessions.delete(subject);
  }
}
