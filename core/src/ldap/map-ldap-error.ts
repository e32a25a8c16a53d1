import type { OrchestratorError } from "@fdo/sdk";
import { isOrchestratorError, LdapAlreadyExistsError, LdapConflictError, LdapNoSuchObjectError, LdapOperationError, LdapUnavailableError } from "@fdo/sdk";

/** LDAP result codes (RFC 4511 §4.1.9, RFC 4528) the host treats specially. */
export const LdapResultCode = {
  sizeLimitExceeded: 4,
  noSuchAttribute: 16,
  typeOrValueExists: 20,
  noSuchObject: 32,
  invalidCredentials: 49,
  busy: 51,
  unavailable: 52,
  objectClassViolation: 65,
  alreadyExists: 68,
  assertionFailed: 122,
} as const;

/** What was being done when an LDAP call failed; shapes the error message and the mapping. */
export interface LdapErrorContext {
  /** `bind` covers connecting and binding; everything that fails there is "unavailable". */
  readonly operation: "bind" | "search" | "read" | "modify" | "add" | "delete" | "ping";
  /** Entry DN (or search base / server URL) for the message. */
  readonly target: string;
  /**
   * A modify containing a `delete` of values: a missing value (16), or a value to add that is there already (20),
   * means a lost compare-and-swap.
   */
  readonly compareAndSwap?: boolean;
}

/** The LDAP result code of an ldapts `ResultCodeError`, or `undefined` for socket and other errors. */
export function ldapResultCode(error: unknown): number | undefined {
  // Duck-typed rather than `instanceof ResultCodeError`: Node's socket errors carry string codes, ldapts' numeric ones.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof error === "object" && typeof code === "number" ? code : undefined;
}

// ldapts reports a dead or dying connection with plain Errors; these are their messages and Node's socket codes.
const CONNECTION_MESSAGES = /connection closed|socket error|operation timed out|connection timeout|socket connection not established|not reopened/i;
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EADDRNOTAVAIL",
]);

/** True for errors that mean the connection failed rather than the server refusing the operation. */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error) || ldapResultCode(error) !== undefined) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL"))) return true;
  return CONNECTION_MESSAGES.test(error.message);
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // ldapts appends " Code: 0x20" and leaves the text empty when slapd sent none.
  return text.replace(/\s*Code: 0x[0-9a-f]+$/i, "").trim();
}

/**
 * Translates an ldapts or socket failure into the `FDO_ERR_LDAP_*` error the SDK promises. The original error is
 * kept as `cause`; messages never contain credentials (neither ldapts nor Node put the bind password in theirs).
 */
export function mapLdapError(error: unknown, context: LdapErrorContext): OrchestratorError {
  if (isOrchestratorError(error)) return error;
  const code = ldapResultCode(error);
  const text = describe(error);
  const what = `LDAP ${context.operation} ${context.target}`;
  const detail = text === "" ? "" : `: ${text}`;

  if (context.operation === "bind" || code === undefined) {
    if (context.operation === "bind" || isConnectionFailure(error)) {
      const reason = code === LdapResultCode.invalidCredentials ? ": invalid credentials" : detail;
      return new LdapUnavailableError(`${what} failed, directory unavailable${reason}`, { cause: error });
    }
    return new LdapOperationError(`${what} failed${detail}`, { cause: error });
  }
  switch (code) {
    case LdapResultCode.noSuchObject:
      return new LdapNoSuchObjectError(`${what} failed: no such entry`, { cause: error, details: { resultCode: code } });
    case LdapResultCode.alreadyExists:
      return new LdapAlreadyExistsError(`${what} failed: entry already exists`, { cause: error, details: { resultCode: code } });
    case LdapResultCode.assertionFailed:
      return new LdapConflictError(`${what} failed: the entry changed concurrently`, { cause: error, details: { resultCode: code } });
    case LdapResultCode.noSuchAttribute:
      if (context.compareAndSwap === true) {
        return new LdapConflictError(`${what} failed: the expected value is gone (changed concurrently)`, {
          cause: error,
          details: { resultCode: code },
        });
      }
      break;
    case LdapResultCode.typeOrValueExists:
      if (context.compareAndSwap === true) {
        return new LdapConflictError(`${what} failed: a value to add is there already (changed concurrently)`, { cause: error, details: { resultCode: code } });
      }
      break;
    case LdapResultCode.invalidCredentials:
    case LdapResultCode.busy:
    case LdapResultCode.unavailable:
      return new LdapUnavailableError(`${what} failed, directory unavailable${detail}`, { cause: error, details: { resultCode: code } });
    case LdapResultCode.sizeLimitExceeded:
      return new LdapOperationError(`${what} failed: size limit exceeded (a non-root account needs a slapd "limits ... size.prtotal=unlimited" rule to page past the server's sizelimit)`, {
        cause: error,
        details: { resultCode: code },
      });
  }
  return new LdapOperationError(`${what} failed${detail}`, { cause: error, details: { resultCode: code } });
}
