import type tls from "node:tls";
import { Client, InvalidCredentialsError } from "ldapts";
import { mapLdapError } from "./map-ldap-error.js";

export interface BindCheckOptions {
  readonly url: string;
  readonly tlsOptions?: tls.ConnectionOptions;
  readonly timeoutMs: number;
}

/**
 * True when `dn`/`password` bind successfully, on a connection of its own (the service connection keeps its
 * identity). Every hash scheme the server knows works, since the server checks the password. Callers must refuse
 * empty passwords first: an empty simple bind is an unauthenticated bind that servers may report as success.
 * Transport failures throw `FDO_ERR_LDAP_UNAVAILABLE`; the password never appears in errors.
 */
export async function verifyBind(options: BindCheckOptions, dn: string, password: string): Promise<boolean> {
  const client = new Client({
    url: options.url,
    timeout: options.timeoutMs,
    connectTimeout: options.timeoutMs,
    ...(options.url.startsWith("ldaps:") && options.tlsOptions !== undefined ? { tlsOptions: options.tlsOptions } : {}),
  });
  try {
    await client.bind(dn, password);
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw mapLdapError(error, { operation: "bind", target: dn });
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
