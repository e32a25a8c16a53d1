import { LdapUnavailableError } from "@fdo/sdk";
import test from "ava";
import {
  AlreadyExistsError,
  InvalidCredentialsError,
  NoSuchAttributeError,
  NoSuchObjectError,
  SizeLimitExceededError,
  TypeOrValueExistsError,
  UnknownStatusCodeError,
  UnwillingToPerformError,
} from "ldapts";
import { isConnectionFailure, mapLdapError } from "./map-ldap-error.js";

const modify = { operation: "modify", target: "cn=x,dc=example,dc=org" } as const;

function socketError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:389`), { code });
}

test("32 maps to FDO_ERR_LDAP_NO_SUCH_OBJECT with the LDAP error as cause", (t) => {
  const cause = new NoSuchObjectError();
  const error = mapLdapError(cause, modify);
  t.is(error.code, "FDO_ERR_LDAP_NO_SUCH_OBJECT");
  t.is(error.cause, cause);
  t.deepEqual(error.details, { resultCode: 32 });
});

test("68 maps to FDO_ERR_LDAP_ALREADY_EXISTS", (t) => {
  t.is(mapLdapError(new AlreadyExistsError(), { operation: "add", target: "cn=x" }).code, "FDO_ERR_LDAP_ALREADY_EXISTS");
});

test("16 is a lost compare-and-swap only when the modify deleted something", (t) => {
  t.is(mapLdapError(new NoSuchAttributeError(), { ...modify, compareAndSwap: true }).code, "FDO_ERR_LDAP_CONFLICT");
  const other = mapLdapError(new NoSuchAttributeError(), modify);
  t.is(other.code, "FDO_ERR_LDAP_OPERATION_FAILED");
  t.deepEqual(other.details, { resultCode: 16 });
});

test("20 (a value to add exists) is a lost compare-and-swap too, and only then", (t) => {
  t.is(mapLdapError(new TypeOrValueExistsError(), { ...modify, compareAndSwap: true }).code, "FDO_ERR_LDAP_CONFLICT");
  t.deepEqual(mapLdapError(new TypeOrValueExistsError(), modify).details, { resultCode: 20 });
  t.is(mapLdapError(new TypeOrValueExistsError(), modify).code, "FDO_ERR_LDAP_OPERATION_FAILED");
});

test("122 assertionFailed maps to FDO_ERR_LDAP_CONFLICT", (t) => {
  t.is(mapLdapError(new UnknownStatusCodeError(122, "assertion failed"), modify).code, "FDO_ERR_LDAP_CONFLICT");
});

test("other result codes map to FDO_ERR_LDAP_OPERATION_FAILED with resultCode and the server text", (t) => {
  const error = mapLdapError(new UnwillingToPerformError("paged results cookie is invalid or old"), { operation: "search", target: "dc=x" });
  t.is(error.code, "FDO_ERR_LDAP_OPERATION_FAILED");
  t.deepEqual(error.details, { resultCode: 53 });
  t.regex(error.message, /cookie is invalid/);
  t.notRegex(error.message, /Code: 0x/);
});

test("a size limit error hints at the slapd limits rule", (t) => {
  const error = mapLdapError(new SizeLimitExceededError(), { operation: "search", target: "dc=x" });
  t.deepEqual(error.details, { resultCode: 4 });
  t.regex(error.message, /size\.prtotal/);
});

test("any failure while binding is FDO_ERR_LDAP_UNAVAILABLE", (t) => {
  const bind = { operation: "bind", target: "ldap://127.0.0.1:389 as cn=svc" } as const;
  t.is(mapLdapError(new InvalidCredentialsError(), bind).code, "FDO_ERR_LDAP_UNAVAILABLE");
  t.is(mapLdapError(socketError("ECONNREFUSED"), bind).code, "FDO_ERR_LDAP_UNAVAILABLE");
  t.is(mapLdapError(new Error("something odd"), bind).code, "FDO_ERR_LDAP_UNAVAILABLE");
});

test("connection failures during an operation are FDO_ERR_LDAP_UNAVAILABLE", (t) => {
  for (const cause of [
    socketError("ECONNRESET"),
    socketError("EPIPE"),
    new Error("Connection closed before message response was received. Message type: SearchRequest (0x63)"),
    new Error("SearchRequest: Operation timed out"),
    new Error("Socket error. Message type: ModifyRequest (0x66)\nread ECONNRESET"),
  ]) {
    t.true(isConnectionFailure(cause), cause.message);
    t.is(mapLdapError(cause, modify).code, LdapUnavailableError.code, cause.message);
  }
});

test("a non-LDAP, non-connection error during an operation is an operation failure", (t) => {
  const error = mapLdapError(new Error("Invalid filter"), { operation: "search", target: "dc=x" });
  t.is(error.code, "FDO_ERR_LDAP_OPERATION_FAILED");
  t.false(isConnectionFailure(new NoSuchObjectError()));
});

test("already mapped errors pass through", (t) => {
  const mapped = new LdapUnavailableError("down");
  t.is(mapLdapError(mapped, modify), mapped);
});
