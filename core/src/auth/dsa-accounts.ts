import { childDn, ldapFilter, type Directory, type Logger } from "@fdo/sdk";

export interface DsaAccountsOptions {
  readonly directory: Directory;
  readonly ldapBase: string;
  /** `LDAP_OU_DSA`; when unset, FusionDirectory's `fdDSARDN` (or `ou=dsa`) under the base. */
  readonly configuredBranch: string | undefined;
  readonly verifyBind: (dn: string, password: string) => Promise<boolean>;
  readonly logger: Logger;
}

/**
 * FusionDirectory DSA (system) accounts: the only accounts that may use the API. They are looked up inside their
 * branch with an escaped filter, must match exactly once, and their password is checked by the LDAP server itself
 * with a bind, so every hash scheme the server supports works.
 */
export class DsaAccounts {
  readonly #options: DsaAccountsOptions;
  #branch: Promise<string> | undefined;

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

  /** The DN of the DSA account called `login`, or `undefined` unless exactly one matches. */
  async find(login: string): Promise<string | undefined> {
    const matches: string[] = [];
    const search = this.#options.directory.search({
      base: await this.branch(),
      filter: ldapFilter`(&(objectClass=simpleSecurityObject)(cn=${login}))`,
      attributes: ["1.1"],
      pageSize: 2,
    });
    for await (const entry of search) {
      matches.push(entry.dn);
      if (matches.length > 1) break;
    }
    if (matches.length > 1) this.#options.logger.warn("several DSA accounts share a login; refusing it", { login });
    return matches.length === 1 ? matches[0] : undefined;
  }

  /**
   * Checks a login/password pair. An unknown login still costs one bind (to a DN that does not exist), so both
   * failures take about the same time.
   */
  async authenticate(login: string, password: string): Promise<boolean> {
    const dn = await this.find(login);
    const bindDn = dn ?? childDn("cn", login, await this.branch());
    const accepted = await this.#options.verifyBind(bindDn, password);
    return accepted && dn !== undefined;
  }

  async #resolveBranch(): Promise<string> {
    const { configuredBranch, directory, ldapBase } = this.#options;
    if (configuredBranch !== undefined) return configuredBranch;
    const config = await directory.read(`cn=config,ou=fusiondirectory,${ldapBase}`, ["fdDSARDN"]);
    return `${config?.first("fdDSARDN") ?? "ou=dsa"},${ldapBase}`;
  }
}
