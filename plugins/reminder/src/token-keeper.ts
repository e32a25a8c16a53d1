// Writes the reminder tokens of one run in LDAP (fdTokenEntry at cn=<uid>,<token branch>,<base>), one user at a time.
import { childDn, type Directory, type DirectoryEntry, isOrchestratorError, LdapAlreadyExistsError, sameDn } from "@fdo/sdk";
import { generateToken, TOKEN_TYPE } from "./token.js";

const TOKEN_ATTRIBUTES = ["objectClass", "fdTokenUserDN", "fdTokenType", "fdToken", "fdTokenTimestamp"] as const;
type TokenAttribute = Exclude<(typeof TOKEN_ATTRIBUTES)[number], "objectClass">;
type TokenValues = Readonly<Record<TokenAttribute, readonly string[]>>;

/** What writing a token did, and how to take it back. */
export interface WrittenToken {
  readonly dn: string;
  /** The secret. Goes into the mail only: never into logs or reports. */
  readonly token: string;
  /** `fdTokenTimestamp`: expiry in Unix seconds. */
  readonly expires: number;
  /** `create`: no entry before; `replace`: an older token was replaced; `reuse`: this run already gave this user a token. */
  readonly action: TokenAction;
  /** Puts back what was there before (the previous token, or no entry). */
  undo(): Promise<void>;
}

export type TokenAction = "create" | "replace" | "reuse";

/** A token to write: the entry's cn is the user's uid. */
export interface TokenRequest {
  readonly uid: string;
  readonly userDn: string;
  readonly expires: number;
}

const isAlreadyExists = (error: unknown) => isOrchestratorError(error) && error.code === LdapAlreadyExistsError.code;

function hasObjectClass(entry: DirectoryEntry, objectClass: string): boolean {
  return entry.values("objectClass").some((value) => value.toLowerCase() === objectClass.toLowerCase());
}

function valuesOf(entry: DirectoryEntry): TokenValues {
  return {
    fdTokenUserDN: entry.values("fdTokenUserDN"),
    fdTokenType: entry.values("fdTokenType"),
    fdToken: entry.values("fdToken"),
    fdTokenTimestamp: entry.values("fdTokenTimestamp"),
  };
}

/**
 * The tokens of one run. FusionDirectory finds a token by uid only, so a user has one valid token at a time: a new
 * reminder replaces the previous link, except that reminders of the same run (two subtasks of one user, or two
 * tasks) share one token, or the second mail would kill the first one's link. Work on one token entry is serialised
 * with {@link TokenKeeper.lock}.
 */
export class TokenKeeper {
  readonly #queues = new Map<string, Promise<void>>();
  readonly #issued = new Map<string, { readonly token: string; readonly userDn: string; expires: number }>();
  readonly #branches = new Map<string, Promise<void>>();
  /** Dry run: the users {@link plan} already gave a token, by entry DN. */
  readonly #planned = new Map<string, string>();

  constructor(
    private readonly directory: Directory,
    private readonly random?: (size: number) => Buffer,
  ) {}

  /** The token entry's DN below `branchDn` (the token branch with the base). */
  static dnFor(uid: string, branchDn: string): string {
    return childDn("cn", uid, branchDn);
  }

  /** Waits until no other work on `dn` of this run is in progress; call the returned function when done. */
  async lock(dn: string): Promise<() => void> {
    const key = dn.toLowerCase();
    const previous = this.#queues.get(key) ?? Promise.resolve();
    let unlock: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (unlock = resolve));
    this.#queues.set(key, held);
    void held.then(() => {
      if (this.#queues.get(key) === held) this.#queues.delete(key);
    });
    await previous;
    return unlock;
  }

  /** What {@link write} would do, without writing (dry run): the plans of one run build on each other. */
  async plan(dn: string, request: TokenRequest): Promise<TokenAction> {
    const key = dn.toLowerCase();
    const planned = this.#planned.get(key);
    if (planned !== undefined && sameDn(planned, request.userDn)) return "reuse";
    this.#planned.set(key, request.userDn);
    return (await this.directory.read(dn, ["objectClass"])) === null ? "create" : "replace";
  }

  /**
   * Writes the token for `request` at `dn` (holding its {@link lock}): creates the entry (and the token branch
   * when missing), replaces an existing token in one atomic modify, or reuses this run's token for the same user,
   * pushing its expiry out if needed. An entry at `dn` that is not an `fdTokenEntry` is never overwritten.
   */
  async write(dn: string, branchDn: string, request: TokenRequest): Promise<WrittenToken> {
    const key = dn.toLowerCase();
    const issued = this.#issued.get(key);
    if (issued !== undefined && sameDn(issued.userDn, request.userDn)) {
      const previous = issued.expires;
      if (request.expires > previous) {
        await this.#setTimestamp(dn, request.expires);
        issued.expires = request.expires;
      }
      return {
        dn,
        token: issued.token,
        expires: issued.expires,
        action: "reuse",
        undo: async () => {
          if (issued.expires === previous) return;
          await this.#setTimestamp(dn, previous);
          issued.expires = previous;
        },
      };
    }

    const token = generateToken(this.random);
    const values: TokenValues = {
      fdTokenUserDN: [request.userDn],
      fdTokenType: [TOKEN_TYPE],
      fdToken: [token],
      fdTokenTimestamp: [String(request.expires)],
    };
    const existing = await this.directory.read(dn, TOKEN_ATTRIBUTES);
    let action: TokenAction;
    let undo: () => Promise<void>;
    if (existing === null) {
      await this.#ensureBranch(branchDn);
      try {
        await this.directory.add(dn, { objectClass: ["top", "fdTokenEntry"], cn: request.uid, ...values });
        action = "create";
        undo = () => this.directory.delete(dn);
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        // Created meanwhile by someone else (another instance): replace it like any existing token.
        const raced = await this.directory.read(dn, TOKEN_ATTRIBUTES);
        if (raced === null) throw error;
        undo = await this.#replace(dn, raced, values);
        action = "replace";
      }
    } else {
      undo = await this.#replace(dn, existing, values);
      action = "replace";
    }
    this.#issued.set(key, { token, userDn: request.userDn, expires: request.expires });
    return {
      dn,
      token,
      expires: request.expires,
      action,
      undo: async () => {
        this.#issued.delete(key);
        await undo();
      },
    };
  }

  async #replace(dn: string, existing: DirectoryEntry, values: TokenValues): Promise<() => Promise<void>> {
    if (!hasObjectClass(existing, "fdTokenEntry")) throw new Error(`${dn} exists and is not an fdTokenEntry; it was left untouched`);
    const previous = valuesOf(existing);
    await this.#modify(dn, values);
    return () => this.#modify(dn, previous);
  }

  #modify(dn: string, values: TokenValues): Promise<void> {
    return this.directory.modify(
      dn,
      (Object.keys(values) as TokenAttribute[]).map((attribute) => ({ operation: "replace" as const, attribute, values: values[attribute] })),
    );
  }

  #setTimestamp(dn: string, expires: number): Promise<void> {
    return this.directory.modify(dn, [{ operation: "replace", attribute: "fdTokenTimestamp", values: [String(expires)] }]);
  }

  /** Creates the missing `ou=` levels of the token branch (upstream created `ou=tokens` when absent), once per run. */
  #ensureBranch(branchDn: string): Promise<void> {
    const key = branchDn.toLowerCase();
    let pending = this.#branches.get(key);
    if (pending === undefined) {
      pending = this.#createBranch(branchDn).catch((error: unknown) => {
        this.#branches.delete(key);
        throw error;
      });
      this.#branches.set(key, pending);
    }
    return pending;
  }

  async #createBranch(branchDn: string): Promise<void> {
    if ((await this.directory.read(branchDn, ["objectClass"])) !== null) return;
    const comma = branchDn.indexOf(",");
    const rdn = comma === -1 ? branchDn : branchDn.slice(0, comma);
    const parent = comma === -1 ? "" : branchDn.slice(comma + 1);
    const match = /^ou=(.+)$/i.exec(rdn);
    if (match === null) throw new Error(`token branch ${branchDn} does not exist`);
    if (parent !== "") await this.#createBranch(parent);
    try {
      await this.directory.add(branchDn, { objectClass: ["organizationalUnit"], ou: match[1] ?? "" });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }
}
