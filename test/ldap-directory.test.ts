// LdapDirectory against a real throwaway slapd: paging as the non-root service account, normalised entries,
// atomic compare-and-swap, error codes, and surviving a slapd restart.
import type { Directory, LogFields, Logger } from "@fdo/sdk";
import { isOrchestratorError } from "@fdo/sdk";
import type { TestSlapd } from "@fdo/testing";
import { startSlapd } from "@fdo/testing";
import type { ExecutionContext } from "ava";
import test from "ava";
import { LdapDirectory } from "../core/src/ldap/ldap-directory.js";
import { silentServer } from "./support/silent-server.js";

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly fields: LogFields;
}

function recordingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (bindings: LogFields): Logger => {
    const at =
      (level: string) =>
      (message: string, fields: LogFields = {}) => {
        lines.push({ level, message, fields: { ...bindings, ...fields } });
      };
    return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: (more) => make({ ...bindings, ...more }) };
  };
  return { logger: make({}), lines };
}

let slapd: TestSlapd;

test.before(async () => {
  slapd = await startSlapd({ demoData: false });
});

test.after.always(async () => {
  await slapd?.destroy();
});

/** A directory bound as the service account (never the rootdn, which slapd exempts from size limits). */
function serviceDirectory(t: ExecutionContext, server: TestSlapd = slapd, overrides: { bindPassword?: string; pageSize?: number } = {}) {
  const { logger, lines } = recordingLogger();
  const directory = new LdapDirectory({
    url: server.url,
    bindDn: server.serviceDn,
    bindPassword: overrides.bindPassword ?? server.servicePassword,
    timeoutMs: 5_000,
    connectTimeoutMs: 2_000,
    ...(overrides.pageSize === undefined ? {} : { pageSize: overrides.pageSize }),
    logger,
  });
  t.teardown(() => directory.close());
  return { directory, lines };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isOrchestratorError(error) ? error.code : `not an OrchestratorError: ${String(error)}`;
  }
  return "resolved";
}

/** Creates `ou=<name>` under the base with `count` organizationalRole children cn=e0..e<count-1>. */
async function makeBranch(directory: Directory, name: string, count: number): Promise<string> {
  const branch = `ou=${name},${slapd.baseDn}`;
  await directory.add(branch, { objectClass: "organizationalUnit", ou: name });
  for (let i = 0; i < count; i += 1) {
    await directory.add(`cn=e${i},${branch}`, { objectClass: "organizationalRole", cn: `e${i}`, description: String(i) });
  }
  return branch;
}

let bulk: Promise<string> | undefined;
/** 700 entries, more than slapd's 500-entry sizelimit, shared by the paging tests. */
function bulkBranch(directory: Directory): Promise<string> {
  bulk ??= makeBranch(directory, "bulk", 700);
  return bulk;
}

test("a paged search as the service account returns all 700 entries, past the 500 sizelimit", async (t) => {
  const { directory } = serviceDirectory(t);
  const base = await bulkBranch(directory);
  const entries = await directory.searchAll({ base, scope: "one", filter: "(objectClass=organizationalRole)", attributes: ["cn"] });
  t.is(entries.length, 700);
  t.is(new Set(entries.map((entry) => entry.first("cn"))).size, 700);

  const small = serviceDirectory(t, slapd, { pageSize: 64 }).directory;
  let count = 0;
  for await (const entry of small.search({ base, scope: "one", filter: "(objectClass=organizationalRole)" })) {
    if (entry.has("cn")) count += 1;
  }
  t.is(count, 700);
});

test("overlapping and nested paged searches each see every entry", async (t) => {
  const { directory } = serviceDirectory(t, slapd, { pageSize: 100 });
  const base = await bulkBranch(directory);
  const search = { base, scope: "one", filter: "(objectClass=organizationalRole)", attributes: ["cn"] } as const;

  // slapd keeps one paged-results state per connection: on one shared connection these would fail with 53 / 2.
  const [a, b, c] = await Promise.all([directory.searchAll(search), directory.searchAll(search), directory.searchAll(search)]);
  t.deepEqual([a.length, b.length, c.length], [700, 700, 700]);

  let outer = 0;
  let inner = -1;
  for await (const _entry of directory.search(search)) {
    outer += 1;
    if (outer === 150) inner = (await directory.searchAll(search)).length;
  }
  t.is(outer, 700);
  t.is(inner, 700);
});

test("a search with a sizeLimit yields at most that many, alongside paged searches in progress on the same directory", async (t) => {
  const { directory } = serviceDirectory(t, slapd, { pageSize: 100 });
  const base = await bulkBranch(directory);
  const search = { base, scope: "one", filter: "(objectClass=organizationalRole)", attributes: ["cn"] } as const;
  let outer = 0;
  const sizes: number[] = [];
  // An unpaged search on the main connection while a paged one is between pages leaves the paged one whole.
  for await (const _entry of directory.search(search)) {
    outer += 1;
    if (outer === 150) for (const sizeLimit of [1, 2, 3]) sizes.push((await directory.searchAll({ ...search, sizeLimit })).length);
  }
  t.is(outer, 700);
  t.deepEqual(sizes, [1, 2, 3]);
  t.deepEqual(
    (await directory.searchAll({ ...search, filter: "(&(objectClass=organizationalRole)(cn=e7))", sizeLimit: 2 })).map((entry) => entry.first("cn")),
    ["e7"],
  );
  // 0 would ask the server for everything, unpaged: refused before anything is sent.
  for (const sizeLimit of [0, -1, 1.5]) await t.throwsAsync(directory.searchAll({ ...search, sizeLimit }), { code: "FDO_ERR_LDAP_OPERATION_FAILED", message: /sizeLimit must be a whole number/ });
});

test("a search abandoned midway does not disturb the next one", async (t) => {
  const { directory } = serviceDirectory(t, slapd, { pageSize: 100 });
  const base = await bulkBranch(directory);
  const search = { base, scope: "one", filter: "(objectClass=organizationalRole)" } as const;
  let seen = 0;
  for await (const _entry of directory.search(search)) {
    seen += 1;
    if (seen === 120) break;
  }
  t.is(seen, 120);
  t.is((await directory.searchAll(search)).length, 700);
});

test("attribute names are case-insensitive and every attribute is a list", async (t) => {
  const { directory } = serviceDirectory(t);
  const dn = `cn=case,${slapd.baseDn}`;
  await directory.add(dn, { objectClass: ["organizationalRole"], cn: "case", description: ["one", "two"] });
  const entry = await directory.read(dn, ["CN", "DESCRIPTION", "objectclass", "telephoneNumber"]);
  t.truthy(entry);
  t.deepEqual(entry?.values("cn"), ["case"]);
  t.deepEqual(entry?.values("Cn"), ["case"]);
  t.deepEqual([...(entry?.values("Description") ?? [])].sort(), ["one", "two"]);
  t.is(entry?.first("OBJECTCLASS"), "organizationalRole");
  t.false(entry?.has("telephonenumber"), "a requested attribute the entry lacks is absent");

  const found = await directory.searchAll({ base: slapd.baseDn, filter: "(cn=case)", attributes: ["description"] });
  t.is(found.length, 1);
  t.is(found[0]?.dn.toLowerCase(), dn.toLowerCase());
  t.is(found[0]?.values("DESCRIPTION").length, 2);
});

test("binary attributes come back byte for byte, whatever case they were requested in", async (t) => {
  const { directory } = serviceDirectory(t);
  const dn = `cn=photo,${slapd.baseDn}`;
  // Valid UTF-8 starting with a BOM: decoded as text, the BOM would be stripped and the bytes lost.
  const utf8ish = Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0x42]);
  const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]);
  await directory.add(dn, { objectClass: "inetOrgPerson", cn: "photo", sn: "Photo", jpegPhoto: [utf8ish, binary] });

  const [entry] = await directory.searchAll({ base: dn, scope: "base", attributes: ["jpegphoto"], binaryAttributes: ["JPEGPHOTO"] });
  const hex = (entry?.buffers("jpegPhoto") ?? []).map((buffer) => buffer.toString("hex")).sort();
  t.deepEqual(hex, [utf8ish.toString("hex"), binary.toString("hex")].sort());
  t.is(entry?.values("jpegphoto").length, 2);

  await directory.modify(dn, [{ operation: "replace", attribute: "jpegPhoto", values: [utf8ish] }]);
  const [replaced] = await directory.searchAll({ base: dn, scope: "base", attributes: ["jpegPhoto"], binaryAttributes: ["jpegphoto"] });
  t.deepEqual(replaced?.buffers("JPEGPHOTO"), [utf8ish]);
});

test("reading a missing entry returns null", async (t) => {
  const { directory } = serviceDirectory(t);
  t.is(await directory.read(`cn=missing,${slapd.baseDn}`), null);
  t.is(await directory.read(`cn=x,ou=no-such-branch,${slapd.baseDn}`), null);
});

test("modify replace changes the value; modify of a missing entry is FDO_ERR_LDAP_NO_SUCH_OBJECT", async (t) => {
  const { directory } = serviceDirectory(t);
  const dn = `cn=replace,${slapd.baseDn}`;
  await directory.add(dn, { objectClass: "organizationalRole", cn: "replace", description: ["a", "b"] });
  await directory.modify(dn, [
    { operation: "replace", attribute: "description", values: ["busy"] },
    { operation: "add", attribute: "telephoneNumber", values: ["+33 1 23 45 67 89"] },
  ]);
  const entry = await directory.read(dn);
  t.deepEqual(entry?.values("description"), ["busy"]);
  t.deepEqual(entry?.values("telephoneNumber"), ["+33 1 23 45 67 89"]);
  t.is(await codeOf(directory.modify(`cn=ghost,${slapd.baseDn}`, [{ operation: "replace", attribute: "description", values: ["x"] }])), "FDO_ERR_LDAP_NO_SUCH_OBJECT");
});

test("compare-and-swap: the first claim wins, the second is FDO_ERR_LDAP_CONFLICT and changes nothing", async (t) => {
  const { directory } = serviceDirectory(t);
  const dn = `cn=cas,${slapd.baseDn}`;
  await directory.add(dn, { objectClass: "organizationalRole", cn: "cas", description: "1" });
  const claim = (owner: string) =>
    directory.modify(dn, [
      { operation: "delete", attribute: "description", values: ["1"] },
      { operation: "add", attribute: "description", values: [owner] },
    ]);

  await claim("x");
  t.is(await codeOf(claim("y")), "FDO_ERR_LDAP_CONFLICT");
  t.deepEqual((await directory.read(dn))?.values("description"), ["x"]);

  // Racing claims on one connection: exactly one wins, the entry never ends up with two owners.
  await directory.modify(dn, [{ operation: "replace", attribute: "description", values: ["1"] }]);
  const results = await Promise.allSettled(["a", "b", "c", "d", "e"].map((owner) => claim(owner)));
  t.is(results.filter((result) => result.status === "fulfilled").length, 1);
  const codes = await Promise.all(results.filter((r) => r.status === "rejected").map((r) => codeOf(Promise.reject((r as PromiseRejectedResult).reason))));
  t.deepEqual(codes, ["FDO_ERR_LDAP_CONFLICT", "FDO_ERR_LDAP_CONFLICT", "FDO_ERR_LDAP_CONFLICT", "FDO_ERR_LDAP_CONFLICT"]);
  t.is((await directory.read(dn))?.values("description").length, 1);
});

test("adding an existing entry is FDO_ERR_LDAP_ALREADY_EXISTS; delete removes; deleting again is FDO_ERR_LDAP_NO_SUCH_OBJECT", async (t) => {
  const { directory } = serviceDirectory(t);
  const dn = `cn=dup,${slapd.baseDn}`;
  await directory.add(dn, { objectClass: "organizationalRole", cn: "dup" });
  t.is(await codeOf(directory.add(dn, { objectClass: "organizationalRole", cn: "dup" })), "FDO_ERR_LDAP_ALREADY_EXISTS");
  await directory.delete(dn);
  t.is(await directory.read(dn), null);
  t.is(await codeOf(directory.delete(dn)), "FDO_ERR_LDAP_NO_SUCH_OBJECT");
});

test("other server refusals are FDO_ERR_LDAP_OPERATION_FAILED with the result code", async (t) => {
  const { directory } = serviceDirectory(t);
  const dn = `cn=bad,${slapd.baseDn}`;
  try {
    // organizationalRole has no 'mail' attribute: objectClassViolation (65).
    await directory.add(dn, { objectClass: "organizationalRole", cn: "bad", mail: "x@example.org" });
    t.fail("add should have been refused");
  } catch (error) {
    t.true(isOrchestratorError(error));
    if (!isOrchestratorError(error)) return;
    t.is(error.code, "FDO_ERR_LDAP_OPERATION_FAILED");
    t.deepEqual(error.details, { resultCode: 65 });
    t.truthy(error.cause);
  }
});

test("concurrent first calls share one connect and bind", async (t) => {
  const { directory, lines } = serviceDirectory(t);
  const reads = await Promise.all(Array.from({ length: 10 }, () => directory.read(slapd.serviceDn, ["cn"])));
  t.true(reads.every((entry) => entry?.first("cn") === "fdo-service"));
  t.is(lines.filter((line) => line.message === "LDAP connection bound").length, 1);
  await directory.ping();
  t.is(lines.filter((line) => line.message === "LDAP connection bound").length, 1, "the connection is reused");
});

test("a wrong bind password is FDO_ERR_LDAP_UNAVAILABLE and the password shows nowhere", async (t) => {
  const password = "wrong-Pa55word-do-not-print";
  const { directory, lines } = serviceDirectory(t, slapd, { bindPassword: password });
  for (const attempt of [directory.ping(), directory.read(slapd.baseDn), directory.searchAll({ base: slapd.baseDn })]) {
    try {
      await attempt;
      t.fail("should have been refused");
    } catch (error) {
      t.true(isOrchestratorError(error));
      if (!isOrchestratorError(error)) return;
      t.is(error.code, "FDO_ERR_LDAP_UNAVAILABLE");
      t.false(error.message.includes(password));
      t.false(JSON.stringify(error.toJSON()).includes(password));
    }
  }
  t.false(JSON.stringify(lines).includes(password));
});

test("ping fails with FDO_ERR_LDAP_UNAVAILABLE while slapd is down and succeeds again after it restarts", async (t) => {
  const server = await startSlapd({ demoData: false });
  t.teardown(() => server.destroy());
  const { directory, lines } = serviceDirectory(t, server);
  await directory.ping();
  t.is((await directory.read(server.serviceDn))?.first("cn"), "fdo-service");

  await server.stop();
  // A refused connection answers at once: were it retried until some deadline, the test would run into ava's timeout.
  t.is(await codeOf(directory.ping()), "FDO_ERR_LDAP_UNAVAILABLE");
  t.is(await codeOf(directory.read(server.serviceDn)), "FDO_ERR_LDAP_UNAVAILABLE");

  await server.start();
  await directory.ping();
  // Anonymous users may read nothing here, so reading the entry proves the new connection was bound again.
  t.is((await directory.read(server.serviceDn))?.first("cn"), "fdo-service");
  t.true((await directory.searchAll({ base: server.baseDn, scope: "one" })).length > 0);
  t.true(lines.filter((line) => line.message === "LDAP connection bound").length >= 2);
});

test("ping against a port nobody listens on is FDO_ERR_LDAP_UNAVAILABLE", async (t) => {
  const server = await startSlapd({ demoData: false });
  await server.destroy();
  const { directory } = serviceDirectory(t, server);
  t.is(await codeOf(directory.ping()), "FDO_ERR_LDAP_UNAVAILABLE");
});

test("ping gives up after its deadline when the server accepts connections but never answers", async (t) => {
  const { port } = await silentServer(t);
  const { logger } = recordingLogger();
  const directory = new LdapDirectory({ url: `ldap://127.0.0.1:${port}`, bindDn: "cn=x", bindPassword: "x", timeoutMs: 3_600_000, pingTimeoutMs: 300, logger });
  t.teardown(() => directory.close());
  // Only the ping deadline can end this: the operation timeout is an hour, far beyond ava's own timeout.
  t.is(await codeOf(directory.ping()), "FDO_ERR_LDAP_UNAVAILABLE");
});

test("after close() every call is FDO_ERR_LDAP_UNAVAILABLE", async (t) => {
  const { directory } = serviceDirectory(t);
  await directory.ping();
  await directory.close();
  t.is(await codeOf(directory.ping()), "FDO_ERR_LDAP_UNAVAILABLE");
  t.is(await codeOf(directory.read(slapd.baseDn)), "FDO_ERR_LDAP_UNAVAILABLE");
  t.is(await codeOf(directory.searchAll({ base: slapd.baseDn })), "FDO_ERR_LDAP_UNAVAILABLE");
});
