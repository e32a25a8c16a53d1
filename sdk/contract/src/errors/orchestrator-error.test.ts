import test from "ava";
import { defineError, isOrchestratorError, OrchestratorError } from "./orchestrator-error.js";
import { LdapConflictError, LdapNoSuchObjectError } from "./registry.js";

test("a defined error carries its code, status and default message", (t) => {
  const error = new LdapNoSuchObjectError();
  t.is(error.code, "FDO_ERR_LDAP_NO_SUCH_OBJECT");
  t.is(error.status, 404);
  t.is(error.message, "directory entry not found");
  t.true(error instanceof OrchestratorError);
  t.true(error instanceof LdapNoSuchObjectError);
  t.false(error instanceof LdapConflictError);
  t.is(LdapNoSuchObjectError.code, "FDO_ERR_LDAP_NO_SUCH_OBJECT");
});

test("toJSON exposes code, message and details but never the cause", (t) => {
  const error = new LdapConflictError("lost the race", { cause: new Error("ldap secret internals"), details: { dn: "cn=x" } });
  t.deepEqual(JSON.parse(JSON.stringify(error)), { code: "FDO_ERR_LDAP_CONFLICT", message: "lost the race", details: { dn: "cn=x" } });
});

test("isOrchestratorError and instanceof recognise errors from another SDK copy by brand, not by class", (t) => {
  const foreign = Object.assign(new Error("x"), { code: "FDO_ERR_LDAP_CONFLICT", status: 409, [Symbol.for("fdo.sdk.error")]: true });
  t.true(isOrchestratorError(foreign));
  t.true(foreign instanceof OrchestratorError);
  t.true(foreign instanceof LdapConflictError);
  t.false(foreign instanceof LdapNoSuchObjectError);
  t.false(new Error("plain") instanceof OrchestratorError);
  t.false(isOrchestratorError(new Error("plain")));
  t.false(isOrchestratorError({ code: "FDO_ERR_FAKE", status: 400 }));
  t.false(isOrchestratorError(null));
});

test("defineError refuses codes and statuses outside the conventions", (t) => {
  t.throws(() => defineError("BAD_CODE", 400, "x"), { instanceOf: TypeError });
  t.throws(() => defineError("FDO_ERR_X_Y", 200, "x"), { instanceOf: TypeError });
  const PluginError = defineError("FDO_ERR_ECHO_BROKEN", 422, "echo broke");
  t.is(new PluginError().status, 422);
  t.is(PluginError.name, "FDO_ERR_ECHO_BROKEN");
});
