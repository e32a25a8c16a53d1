import net from "node:net";
import tls from "node:tls";
import type { Logger } from "@fdo/sdk";
import { LdapUnavailableError } from "@fdo/sdk";
import { Client } from "ldapts";
import { coalesceWrites } from "./coalesce-writes.js";
import { mapLdapError } from "./map-ldap-error.js";

/** How to reach and bind to the directory. */
export interface BoundConnectionOptions {
  readonly url: string;
  readonly bindDn: string;
  readonly bindPassword: string;
  /** Per-operation timeout; ldapts drops the whole connection when one expires. */
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Used for `ldaps://` URLs only. */
  readonly tlsOptions?: tls.ConnectionOptions | undefined;
  readonly logger: Logger;
}

/**
 * Thrown by a client whose socket has closed, instead of letting ldapts reconnect it. Nothing was sent to the
 * server, so the caller may retry the operation on a fresh connection.
 */
export class ConnectionSpentError extends Error {
  constructor() {
    super("LDAP connection was lost and is not reopened implicitly");
    this.name = "ConnectionSpentError";
  }
}

/** Unbinds and closes, ignoring failures: used on clients that are being thrown away. */
async function unbindQuietly(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // The socket is destroyed in unbind()'s finally block whatever the server did.
  }
}

/**
 * One bound LDAP connection that heals itself: it is opened on first use, and when the socket closes (slapd
 * restart, idle timeout, operation timeout) the next {@link BoundConnection.acquire} opens and binds a new one.
 * Concurrent callers share a single connect+bind.
 *
 * ldapts would reconnect a closed client by itself, but unauthenticated (without `autoRebind`), and with
 * `autoRebind` two concurrent operations each open a socket on the same client. So every ldapts `Client` here
 * gets exactly one socket: its socket factory refuses a second one ({@link ConnectionSpentError}), and this class
 * replaces the client instead.
 */
export class BoundConnection {
  readonly #options: BoundConnectionOptions;
  #client: Client | undefined;
  #opening: Promise<Client> | undefined;
  #closed = false;
  #binds = 0;

  constructor(options: BoundConnectionOptions) {
    this.#options = options;
  }

  /** A bound client, opening (or re-opening) the connection if needed. Throws `FDO_ERR_LDAP_UNAVAILABLE`. */
  acquire(): Promise<Client> {
    if (this.#closed) return Promise.reject(new LdapUnavailableError(`LDAP connection to ${this.#options.url} is closed`));
    const current = this.#client;
    if (current?.isBound === true) return Promise.resolve(current);
    this.#opening ??= this.#open().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** How many connections were bound so far: it grows on every reconnect. */
  get binds(): number {
    return this.#binds;
  }

  /** Throws `client` away if it is still the current one, e.g. after a ping that hung. */
  discard(client: Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    void unbindQuietly(client);
  }

  /**
   * Unbinds and stops reconnecting. A connect or bind still in flight is not waited for: it ends within its own
   * timeouts and then unbinds itself (destroying ldapts' socket while it connects would leave its promise hanging).
   */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) await unbindQuietly(client);
  }

  async #open(): Promise<Client> {
    const { url, bindDn, bindPassword, logger } = this.#options;
    const stale = this.#client;
    this.#client = undefined;
    if (stale !== undefined) void unbindQuietly(stale);
    const target = `${url} as ${bindDn}`;
    if (bindPassword === "") {
      // RFC 4513 §5.1.2: a DN with an empty password is an unauthenticated bind, which some servers accept.
      throw new LdapUnavailableError(`LDAP bind ${target} refused: empty password`);
    }

    const client = this.#newClient();
    try {
      await client.bind(bindDn, bindPassword);
    } catch (error) {
      // A failed bind leaves the socket open; without this the process would never exit.
      await unbindQuietly(client);
      throw mapLdapError(error, { operation: "bind", target });
    }
    if (this.#closed) {
      await unbindQuietly(client);
      throw new LdapUnavailableError(`LDAP connection to ${url} is closed`);
    }
    this.#client = client;
    this.#binds += 1;
    logger.debug("LDAP connection bound", { url, bindDn });
    return client;
  }

  #newClient(): Client {
    const { url, timeoutMs, connectTimeoutMs, tlsOptions, logger } = this.#options;
    let opened = false;
    let client: Client | undefined;
    const adopt = <S extends net.Socket>(socket: S): S => {
      // Without keep-alive a peer that vanished silently (firewall, VM pause) is only noticed by a timeout.
      socket.setKeepAlive(true, 30_000);
      coalesceWrites(socket);
      socket.once("close", () => {
        if (!this.#closed && this.#client !== undefined && this.#client === client) {
          logger.warn("LDAP connection lost; the next operation reconnects", { url });
        }
      });
      return socket;
    };
    const once =
      <A extends unknown[], S extends net.Socket>(connect: (...args: A) => S) =>
      (...args: A): S => {
        if (opened) throw new ConnectionSpentError();
        opened = true;
        return adopt(connect(...args));
      };
    client = new Client({
      url,
      timeout: timeoutMs,
      connectTimeout: connectTimeoutMs,
      // ldapts speaks implicit TLS whenever tlsOptions has any defined value, even to an ldap:// URL, so a
      // `{ rejectUnauthorized: true }` meant for ldaps:// would break a plain connection. StartTLS is not offered.
      ...(tlsOptions !== undefined && /^ldaps:/i.test(url) ? { tlsOptions } : {}),
      createConnection: once((port: number, host: string) => net.connect(port, host)) as typeof net.connect,
      createSecureConnection: once((port: number, host: string, options?: tls.ConnectionOptions) => tls.connect(port, host, options)) as typeof tls.connect,
    });
    return client;
  }
}
