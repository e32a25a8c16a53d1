import type tls from "node:tls";
import type { Directory, DirectoryChange, DirectoryEntry, DirectorySearch, Logger, OrchestratorError } from "@fdo/sdk";
import { LdapNoSuchObjectError, LdapOperationError, LdapUnavailableError } from "@fdo/sdk";
import type { Client, Entry, SearchOptions } from "ldapts";
import { AssertionControl } from "./assertion-control.js";
import type { BoundConnectionOptions } from "./bound-connection.js";
import { BoundConnection, ConnectionSpentError } from "./bound-connection.js";
import { bufferAttributeNames } from "./buffer-attribute-names.js";
import { LdapDirectoryEntry } from "./directory-entry.js";
import type { LdapErrorContext } from "./map-ldap-error.js";
import { mapLdapError } from "./map-ldap-error.js";
import { PagingLanes } from "./paging-lanes.js";
import { isCompareAndSwap, toLdapAttributes, toLdapChanges } from "./to-ldapts.js";

/** What a search asks for, paged or not. */
function searchOptions(search: DirectorySearch): SearchOptions {
  return {
    scope: search.scope ?? "sub",
    filter: search.filter ?? "(objectClass=*)",
    ...(search.attributes === undefined ? {} : { attributes: [...search.attributes] }),
    ...(search.binaryAttributes === undefined ? {} : { explicitBufferAttributes: bufferAttributeNames(search.binaryAttributes) }),
  };
}

/**
 * Options of {@link LdapDirectory}.
 * @public
 */
export interface LdapDirectoryOptions {
  /** `ldap://host:port` or `ldaps://host:port`. */
  readonly url: string;
  /** The service account the orchestrator binds as. */
  readonly bindDn: string;
  readonly bindPassword: string;
  /** Entries per page when a search does not say; default 500. */
  readonly pageSize?: number;
  /** Timeout of each LDAP operation (each page of a search); default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Timeout of the TCP (and TLS) connect; default 5 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Deadline of {@link LdapDirectory.ping}, reconnecting included; default 3 000 ms (capped by `timeoutMs`). */
  readonly pingTimeoutMs?: number;
  /** TLS options (CA, client certificate, `rejectUnauthorized`) for `ldaps://` URLs; ignored for `ldap://` (no StartTLS). */
  readonly tlsOptions?: tls.ConnectionOptions;
  readonly logger: Logger;
  /** Told how long each operation took (a search: until its last page), for the metrics. */
  readonly observe?: (operation: string, seconds: number) => void;
}

/** Extra search connections kept open between searches. */
const IDLE_PAGING_LANES = 8;

/** What an operation is retried on: a client that was spent before the request went out. */
function isSpent(error: unknown): boolean {
  return error instanceof ConnectionSpentError;
}

/**
 * The orchestrator's {@link Directory} over ldapts 8.2: one long-lived connection bound as the service account,
 * opened lazily and re-opened (and re-bound) after it drops, so a slapd restart costs the operations in flight
 * and nothing more. Paged searches that overlap get connections of their own (see {@link PagingLanes}).
 * @public
 */
export class LdapDirectory implements Directory {
  readonly #url: string;
  readonly #pageSize: number;
  readonly #pingTimeoutMs: number;
  readonly #main: BoundConnection;
  readonly #lanes: PagingLanes<BoundConnection>;
  readonly #observe: (operation: string, seconds: number) => void;
  #closed = false;

  constructor(options: LdapDirectoryOptions) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const connection: BoundConnectionOptions = {
      url: options.url,
      bindDn: options.bindDn,
      bindPassword: options.bindPassword,
      timeoutMs,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      tlsOptions: options.tlsOptions,
      logger: options.logger,
    };
    this.#url = options.url;
    this.#observe = options.observe ?? (() => undefined);
    this.#pageSize = options.pageSize ?? 500;
    this.#pingTimeoutMs = Math.min(options.pingTimeoutMs ?? 3_000, timeoutMs);
    this.#main = new BoundConnection(connection);
    // Concurrent logins each run short paged searches (the DSA account, its token families): with few idle lanes
    // kept, most of them paid a connect and bind of their own under load.
    this.#lanes = new PagingLanes(this.#main, () => new BoundConnection(connection), IDLE_PAGING_LANES);
  }

  /**
   * Streams the entries page by page on a connection of its own for as long as the iteration runs. Iterate it to
   * the end or leave the loop (`break`, `return`, a throw): an iterator that is dropped halfway without either
   * keeps its connection leased.
   */
  async *search(search: DirectorySearch): AsyncGenerator<DirectoryEntry, void, undefined> {
    this.#assertOpen();
    if (search.sizeLimit !== undefined) {
      // 0 would mean "no limit" to the server: a whole unpaged search, refused past its sizelimit.
      if (!Number.isInteger(search.sizeLimit) || search.sizeLimit < 1)
        throw new LdapOperationError(`search of ${search.base}: sizeLimit must be a whole number of entries, at least 1 (got ${search.sizeLimit})`);
      yield* await this.#searchFew(search, search.sizeLimit);
      return;
    }
    const options: SearchOptions = { ...searchOptions(search), paged: { pageSize: search.pageSize ?? this.#pageSize } };
    const context: LdapErrorContext = { operation: "search", target: search.base };
    const lane = this.#lanes.lease();
    const started = performance.now();
    try {
      let yielded = false;
      for (let attempt = 1; ; attempt += 1) {
        const client = await lane.acquire();
        try {
          for await (const page of client.searchPaginated(search.base, options)) {
            for (const entry of page.searchEntries) {
              yielded = true;
              yield LdapDirectoryEntry.fromLdapts(entry);
            }
          }
          return;
        } catch (error) {
          if (attempt === 1 && !yielded && isSpent(error)) continue;
          throw mapLdapError(error, context);
        }
      }
    } finally {
      // Reached on completion, on failure and when the consumer stops early (for-await calls return()).
      this.#lanes.release(lane);
      this.#observe("search", (performance.now() - started) / 1000);
    }
  }

  /** A search for a few entries: one unpaged request on the main connection; slapd stops at `sizeLimit`. */
  async #searchFew(search: DirectorySearch, sizeLimit: number): Promise<DirectoryEntry[]> {
    const options: SearchOptions = { ...searchOptions(search), sizeLimit };
    // ldapts answers a size limit reached with the entries it got rather than an error.
    const result = await this.#run({ operation: "search", target: search.base }, (client) => client.search(search.base, options));
    return result.searchEntries.map((entry) => LdapDirectoryEntry.fromLdapts(entry));
  }

  async searchAll(search: DirectorySearch): Promise<DirectoryEntry[]> {
    const entries: DirectoryEntry[] = [];
    for await (const entry of this.search(search)) entries.push(entry);
    return entries;
  }

  async read(dn: string, attributes?: readonly string[]): Promise<DirectoryEntry | null> {
    // A plain base search: it needs no paging, so it can share the main connection with paged searches.
    const options: SearchOptions = { scope: "base", filter: "(objectClass=*)", ...(attributes === undefined ? {} : { attributes: [...attributes] }) };
    try {
      const result = await this.#run({ operation: "read", target: dn }, (client) => client.search(dn, options));
      const entry: Entry | undefined = result.searchEntries[0];
      return entry === undefined ? null : LdapDirectoryEntry.fromLdapts(entry);
    } catch (error) {
      if ((error as OrchestratorError).code === LdapNoSuchObjectError.code) return null;
      throw error;
    }
  }

  async modify(dn: string, changes: readonly DirectoryChange[]): Promise<void> {
    if (changes.length === 0) return;
    // One request, so the server applies all changes or none: that is what makes delete+add a compare-and-swap.
    const ldapChanges = toLdapChanges(changes);
    await this.#run({ operation: "modify", target: dn, compareAndSwap: isCompareAndSwap(changes) }, (client) => client.modify(dn, ldapChanges));
  }

  async add(dn: string, attributes: Readonly<Record<string, string | Buffer | ReadonlyArray<string | Buffer>>>): Promise<void> {
    const ldapAttributes = toLdapAttributes(attributes);
    await this.#run({ operation: "add", target: dn }, (client) => client.add(dn, ldapAttributes));
  }

  async delete(dn: string): Promise<void> {
    await this.#run({ operation: "delete", target: dn }, (client) => client.del(dn));
  }

  /**
   * Deletes the entry only if it matches `filter` (build it with `ldapFilter`), in one request: a compare-and-delete.
   * Otherwise fails with `FDO_ERR_LDAP_CONFLICT` and deletes nothing.
   */
  async deleteIfMatches(dn: string, filter: string): Promise<void> {
    await this.#run({ operation: "delete", target: dn }, (client) => client.del(dn, new AssertionControl(filter)));
  }

  async ping(): Promise<void> {
    this.#assertOpen();
    let timer: NodeJS.Timeout | undefined;
    let pinged: Client | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A server that accepts TCP but never answers would otherwise keep this connection; start afresh next time.
        if (pinged !== undefined) this.#main.discard(pinged);
        reject(new LdapUnavailableError(`LDAP ping ${this.#url} failed: no answer within ${this.#pingTimeoutMs} ms`));
      }, this.#pingTimeoutMs);
    });
    // The root DSE always exists and is readable by any bound user; "1.1" asks for no attributes.
    const roundTrip = this.#run({ operation: "ping", target: this.#url }, (client) => {
      pinged = client;
      return client.search("", { scope: "base", filter: "(objectClass=*)", attributes: ["1.1"] });
    });
    try {
      await Promise.race([roundTrip, deadline]);
    } catch (error) {
      const mapped = mapLdapError(error, { operation: "ping", target: this.#url });
      throw mapped.code === LdapUnavailableError.code ? mapped : new LdapUnavailableError(`LDAP ping ${this.#url} failed: ${mapped.message}`, { cause: error });
    } finally {
      clearTimeout(timer);
      roundTrip.catch(() => undefined);
    }
  }

  /** How many times the main connection was bound: a change means it was re-established (the server may have changed). */
  get bindCount(): number {
    return this.#main.binds;
  }

  /** Unbinds every connection; later calls fail with `FDO_ERR_LDAP_UNAVAILABLE`. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([this.#lanes.close(), this.#main.close()]);
  }

  #assertOpen(): void {
    if (this.#closed) throw new LdapUnavailableError(`LDAP directory ${this.#url} is closed`);
  }

  /** Runs one request on the main connection, retrying once if the connection turned out to be gone before it was sent. */
  async #run<T>(context: LdapErrorContext, request: (client: Client) => Promise<T>): Promise<T> {
    this.#assertOpen();
    const started = performance.now();
    try {
      for (let attempt = 1; ; attempt += 1) {
        const client = await this.#main.acquire();
        try {
          return await request(client);
        } catch (error) {
          if (attempt === 1 && isSpent(error)) continue;
          throw mapLdapError(error, context);
        }
      }
    } finally {
      this.#observe(context.operation, (performance.now() - started) / 1000);
    }
  }
}
