import { createHash } from "node:crypto";
import { childDn, type Directory, type DirectoryEntry, type Logger, ldapFilter } from "@fdo/sdk";

export interface DsaAccountsOptions {
  readonly directory: Directory;
  readonly ldapBase: string;
  /** `LDAP_OU_DSA`; when unset, FusionDirectory's `fdDSARDN` (or `ou=dsa`) under the base. */
  readonly configuredBranch: string | undefined;
  readonly verifyBind: (dn: string, password: string) => Promise<boolean>;
  readonly logger: Logger;
}

/** A DSA account found in its branch. */
export interface DsaAccount {
  readonly dn: string;
  /**
   * Digest of what changes when the account's password does (`userPassword`, and `pwdChangedTime` where the
   * password policy overlay keeps it); empty when the bind DN may read neither.
   */
  readonly passwordState: string;
}

// userPassword as bytes: a plain-text password need not be UTF-8.
const PASSWORD_STATE_ATTRIBUTES = ["userPassword", "pwdChangedTime"];

/**
 * FusionDirectory DSA (system) accounts: the only accounts that may use the API. They are looked up inside their
 * branch with an escaped filter, must match exactly once, and their password is checked by the LDAP server itself
 * with a bind, so every hash scheme the server supports works.
 */
export class DsaAccounts {
  readonly #options: DsaAccountsOptions;
  #branch: Promise<string> | undefined;
  readonly #warnedUnreadable = new Set<string>();

  constructor(options: DsaAccountsOptions) {
    this.#options = options;
  }

  /** The DSA branch: configured, else read once from FusionDirectory's configuration entry. */
  branch(): Promise<string> {
    this.#branch ??= this.#resolveBranch().catch((error: unknown) => {
      this.#branch = undefined;
      throw error;
    });
    return this.#branch;
  }

  /** The DSA account called `login` (as LDAP compares `cn`), or `undefined` unless exactly one matches. */
  async find(login: string): Promise<DsaAccount | undefined> {
    const matches: DirectoryEntry[] = [];
    const search = this.#options.directory.search({
      base: await this.branch(),
      filter: ldapFilter`(&(objectClass=simpleSecurityObject)(cn=${login}))`,
      attributes: PASSWORD_STATE_ATTRIBUTES,
      binaryAttributes: ["userPassword"],
      // Two tell "more than one"; an unpaged search shares the main connection under a burst of logins.
      sizeLimit: 2,
    });
    for await (const entry of search) {
      matches.push(entry);
      if (matches.length > 1) break;
    }
    if (matches.length > 1) this.#options.logger.warn("several DSA accounts share a login; refusing it", { login });
    const [entry] = matches;
    return matches.length === 1 && entry !== undefined ? { dn: entry.dn, passwordState: this.#passwordState(entry) } : undefined;
  }

  /**
   * Checks a password by binding as `account`. An unknown login (`account` undefined) still costs one bind, to a
   * DN that does not exist, so both failures take about the same time.
   */
  async checkPassword(account: DsaAccount | undefined, login: string, password: string): Promise<boolean> {
    const bindDn = account?.dn ?? childDn("cn", login, await this.branch());
    const accepted = await this.#options.verifyBind(bindDn, password);
    return accepted && account !== undefined;
  }

  #passwordState(entry: DirectoryEntry): string {
    const material = [
      ...entry
        .buffers("userPassword")
        .map((value) => value.toString("base64"))
        .sort(),
      ...entry.values("pwdChangedTime"),
    ];
    if (material.length > 0) return createHash("sha256").update(JSON.stringify(material)).digest("hex");
    if (!this.#warnedUnreadable.has(entry.dn)) {
      this.#warnedUnreadable.add(entry.dn);
      this.#options.logger.warn("the bind DN can read neither userPassword nor pwdChangedTime of this DSA account: a password change cannot end its sessions (grant it read access)", { dn: entry.dn });
    }
    return "";
  }

  async #resolveBranch(): Promise<string> {
    const { configuredBranch, directory, ldapBase } = this.#options;
    if (configuredBranch !== undefined) return configuredBranch;
    const config = await directory.read(`cn=config,ou=fusiondirectory,${ldapBase}`, ["fdDSARDN"]);
    return `${config?.first("fdDSARDN") ?? "ou=dsa"},${ldapBase}`;
  }
}
