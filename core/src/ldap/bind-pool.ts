import type tls from "node:tls";
import { LdapUnavailableError } from "@fdo/sdk";
import { Client, InvalidCredentialsError } from "ldapts";
import { mapLdapError } from "./map-ldap-error.js";

/** Options of {@link BindPool}. */
export interface BindPoolOptions {
  readonly url: string;
  /** Used for `ldaps://` URLs only. */
  readonly tlsOptions?: tls.ConnectionOptions | undefined;
  /** Timeout of the connect and of each bind. */
  readonly timeoutMs: number;
  /** Connections open at most; checks beyond wait for a free one. */
  readonly size: number;
  /** An unused connection is closed after this long. */
  readonly idleMs: number;
}

interface Pooled {
  readonly client: Client;
  idleTimer?: NodeJS.Timeout;
}

/** A connection handed to a check; `reused` ones may have died while idle. */
interface Lease {
  readonly pooled: Pooled;
  readonly reused: boolean;
}

/**
 * Password checks as simple binds on a few connections that serve nothing else, instead of a connect, bind and
 * unbind per login. After a check a connection is bound as the account checked (anonymous after a refused bind); it
 * never carries another operation, the next check's bind replaces that identity, and an idle one is closed after
 * `idleMs`, so no session lingers. A connection that fails other than by refusing the credentials is thrown away; a
 * reused one that turns out dead is replaced once (a bind can be repeated). Callers must refuse empty passwords
 * first: an empty simple bind is an unauthenticated bind that servers may report as success. Transport failures throw
 * `FDO_ERR_LDAP_UNAVAILABLE`; the password never appears in errors.
 */
export class BindPool {
  readonly #options: BindPoolOptions;
  readonly #idle: Pooled[] = [];
  readonly #waiting: ((lease: Lease | Error) => void)[] = [];
  #open = 0;
  #closed = false;

  constructor(options: BindPoolOptions) {
    this.#options = options;
  }

  /** True when `dn`/`password` bind successfully. */
  async verify(dn: string, password: string): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      const { pooled, reused } = await this.#take();
      try {
        await pooled.client.bind(dn, password);
        this.#give(pooled);
        return true;
      } catch (error) {
        if (error instanceof InvalidCredentialsError) {
          this.#give(pooled);
          return false;
        }
        this.#discard(pooled);
        const mapped = mapLdapError(error, { operation: "bind", target: dn });
        if (reused && attempt === 1 && mapped.code === LdapUnavailableError.code) continue;
        throw mapped;
      }
    }
  }

  /** Connections currently open (idle or in use). */
  get openCount(): number {
    return this.#open;
  }

  /** Closes the idle connections, and the others as their checks end; later checks fail `FDO_ERR_LDAP_UNAVAILABLE`. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter(this.#closedError());
    await Promise.all(this.#idle.splice(0).map((pooled) => this.#end(pooled)));
  }

  #take(): Promise<Lease> {
    if (this.#closed) return Promise.reject(this.#closedError());
    const idle = this.#idle.pop();
    if (idle !== undefined) {
      clearTimeout(idle.idleTimer);
      return Promise.resolve({ pooled: idle, reused: true });
    }
    if (this.#open < this.#options.size) return Promise.resolve(this.#fresh());
    return new Promise((resolve, reject) => this.#waiting.push((lease) => (lease instanceof Error ? reject(lease) : resolve(lease))));
  }

  #give(pooled: Pooled): void {
    if (this.#closed) {
      void this.#end(pooled);
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) {
      waiter({ pooled, reused: true });
      return;
    }
    pooled.idleTimer = setTimeout(() => {
      const index = this.#idle.indexOf(pooled);
      if (index !== -1) this.#idle.splice(index, 1);
      void this.#end(pooled);
    }, this.#options.idleMs).unref();
    this.#idle.push(pooled);
  }

  #discard(pooled: Pooled): void {
    void this.#end(pooled);
    // The slot it held goes to a waiting check, on a new connection.
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter(this.#fresh());
  }

  #fresh(): Lease {
    const { url, tlsOptions, timeoutMs } = this.#options;
    this.#open += 1;
    const client = new Client({ url, timeout: timeoutMs, connectTimeout: timeoutMs, ...(/^ldaps:/i.test(url) && tlsOptions !== undefined ? { tlsOptions } : {}) });
    return { pooled: { client }, reused: false };
  }

  async #end(pooled: Pooled): Promise<void> {
    this.#open -= 1;
    clearTimeout(pooled.idleTimer);
    // unbind() destroys the socket in its finally block whatever the server answers.
    await pooled.client.unbind().catch(() => undefined);
  }

  #closedError(): Error {
    return new LdapUnavailableError(`LDAP bind pool for ${this.#options.url} is closed`);
  }
}
