import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import test from "ava";
import { Attribute, Change, Client, ConstraintViolationError, InsufficientAccessError, InvalidCredentialsError, InvalidSyntaxError, SizeLimitExceededError, UnwillingToPerformError } from "ldapts";
import { startSlapd, type TestSlapd } from "./slapd.js";

const BULK_ENTRIES = 600; // above slapd's default sizelimit of 500

let shared: TestSlapd;
let scratch: string;

async function withClient<T>(slapd: TestSlapd, dn: string, password: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: slapd.url, timeout: 5000, connectTimeout: 2000 });
  try {
    await client.bind(dn, password);
    return await use(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function bulkLdif(count: number): string {
  const entries = ["dn: ou=bulk,dc=example,dc=org\nobjectClass: organizationalUnit\nou: bulk\n"];
  for (let i = 0; i < count; i++) {
    entries.push(`dn: cn=bulk-${i},ou=bulk,dc=example,dc=org\nobjectClass: organizationalRole\ncn: bulk-${i}\n`);
  }
  return entries.join("\n");
}

test.before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "fdo-slapd-test-"));
  const bulk = path.join(scratch, "bulk.ldif");
  await writeFile(bulk, bulkLdif(BULK_ENTRIES));
  shared = await startSlapd({ ldif: [bulk] });
});

test.after.always(async () => {
  await shared?.destroy();
  await rm(scratch, { recursive: true, force: true });
});

test("describes the server it started", (t) => {
  t.regex(shared.url, /^ldap:\/\/127\.0\.0\.1:\d+$/);
  t.is(shared.url, `ldap://127.0.0.1:${shared.port}`);
  t.is(shared.baseDn, "dc=example,dc=org");
  t.is(shared.rootDn, "cn=admin,dc=example,dc=org");
  t.is(shared.serviceDn, "cn=fdo-service,ou=services,dc=example,dc=org");
  t.true(existsSync(path.join(shared.dataDir, "db", "data.mdb")));
});

test("the service account binds and reads the demo data", async (t) => {
  const found = await withClient(shared, shared.serviceDn, shared.servicePassword, (client) =>
    client.search("cn=config,ou=fusiondirectory,dc=example,dc=org", { scope: "base", filter: "(objectClass=fusionDirectoryConf)", attributes: ["fdTimezone", "fdTasksConfMaxEmails"] }),
  );
  t.is(found.searchEntries[0]?.["fdTimezone"], "Europe/Paris");
  t.is(found.searchEntries[0]?.["fdTasksConfMaxEmails"], "50");
});

test("demo data has subtasks of both FusionDirectory generations", async (t) => {
  const count = (filter: string) =>
    withClient(shared, shared.serviceDn, shared.servicePassword, async (client) => (await client.search(shared.baseDn, { filter, attributes: ["cn"] })).searchEntries.length);
  t.is(await count("(&(objectClass=fdTasksGranular)(fdTasksGranularType=Mail Object))"), 6);
  t.is(await count("(&(objectClass=fdTasksGranular)(fdTasksGranularType=mail))"), 4);
  // fdTasksGranularType is caseExactMatch, as in FusionDirectory's schema.
  t.is(await count("(&(objectClass=fdTasksGranular)(fdTasksGranularType=MAIL OBJECT))"), 0);
  for (const type of ["Life Cycle", "Notifications", "Reminder", "Audit", "lifeCycle", "notifications", "reminder", "audit"]) {
    t.true((await count(`(&(objectClass=fdTasksGranular)(fdTasksGranularType=${type}))`)) > 0, type);
  }
});

const dsaAccounts = [
  ["orchestrator", "orchestrator-secret", "{SSHA}"],
  ["legacy-client", "legacy-secret", "{SHA}"],
  ["crypt-client", "crypt-secret", "{CRYPT}"],
  ["sha512-client", "sha512-secret", "{SSHA512}"],
  ["md5-client", "md5-secret", "{MD5}"],
] as const;

for (const [cn, password, scheme] of dsaAccounts) {
  test(`DSA account with a ${scheme} password binds`, async (t) => {
    const dn = `cn=${cn},ou=dsa,dc=example,dc=org`;
    const stored = await withClient(shared, shared.serviceDn, shared.servicePassword, async (client) => {
      const result = await client.search(dn, { scope: "base", attributes: ["userPassword"] });
      return String(result.searchEntries[0]?.["userPassword"]);
    });
    t.true(stored.startsWith(scheme), `stored hash ${stored}`);
    const whoami = await withClient(shared, dn, password, (client) => client.exop("1.3.6.1.4.1.4203.1.11.3"));
    t.is(whoami.value, `dn:${dn}`);
    await t.throwsAsync(
      withClient(shared, dn, `${password}-wrong`, async () => undefined),
      { instanceOf: InvalidCredentialsError },
    );
  });
}

test("paged search as the service account passes the 500-entry sizelimit", async (t) => {
  const entries = await withClient(shared, shared.serviceDn, shared.servicePassword, async (client) => {
    const result = await client.search("ou=bulk,dc=example,dc=org", { scope: "one", attributes: ["cn"], paged: { pageSize: 200 } });
    return result.searchEntries;
  });
  t.is(entries.length, BULK_ENTRIES);
});

test("the 500-entry sizelimit still applies without paging and to other accounts", async (t) => {
  const unpaged = withClient(shared, shared.serviceDn, shared.servicePassword, (client) => client.search("ou=bulk,dc=example,dc=org", { scope: "one", attributes: ["cn"] }));
  await t.throwsAsync(unpaged, { instanceOf: SizeLimitExceededError });
  const asUser = withClient(shared, "uid=alice,ou=people,dc=example,dc=org", "alice-secret", (client) =>
    client.search("ou=bulk,dc=example,dc=org", { scope: "one", attributes: ["cn"], paged: { pageSize: 200 } }),
  );
  await t.throwsAsync(asUser, { instanceOf: SizeLimitExceededError });
});

test("ordinary users cannot read password hashes", async (t) => {
  const result = await withClient(shared, "uid=alice,ou=people,dc=example,dc=org", "alice-secret", (client) =>
    client.search("cn=orchestrator,ou=dsa,dc=example,dc=org", { scope: "base", attributes: ["cn", "userPassword"] }),
  );
  t.is(result.searchEntries[0]?.["cn"], "orchestrator");
  t.deepEqual(result.searchEntries[0]?.["userPassword"] ?? [], []);
});

test("the service account writes anywhere, including refresh tokens; users cannot", async (t) => {
  const dn = "cn=legacy-client-jwt,ou=dsa,dc=example,dc=org";
  const hash = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2";
  const found = await withClient(shared, shared.serviceDn, shared.servicePassword, async (client) => {
    await client.add(dn, { objectClass: "fdJWT", cn: "legacy-client-jwt", fdRefreshToken: hash, fdRefreshTokenExpiry: "1954022400" });
    try {
      // The orchestrator looks refresh tokens up by prefix: needs the SUBSTR rule FD declares.
      const result = await client.search("ou=dsa,dc=example,dc=org", { filter: `(|(fdRefreshToken=${hash.slice(0, 20)}*))`, attributes: ["fdRefreshToken"] });
      return result.searchEntries.map((entry) => entry.dn);
    } finally {
      await client.del(dn);
    }
  });
  t.deepEqual(found, [dn]);
  const asUser = withClient(shared, "uid=alice,ou=people,dc=example,dc=org", "alice-secret", (client) =>
    client.add("ou=intruder,dc=example,dc=org", { objectClass: "organizationalUnit", ou: "intruder" }),
  );
  await t.throwsAsync(asUser, { instanceOf: InsufficientAccessError });
});

test("the schema keeps FusionDirectory's value rules", async (t) => {
  const dn = "cn=schema-check-SubTask-1795860000_1,ou=services,dc=example,dc=org";
  const modify = (client: Client, operation: "add" | "replace", type: string, value: string) => client.modify(dn, new Change({ operation, modification: new Attribute({ type, values: [value] }) }));
  await withClient(shared, shared.serviceDn, shared.servicePassword, async (client) => {
    await client.add(dn, {
      objectClass: ["top", "fdTasksGranular"],
      cn: "schema-check-SubTask-1795860000_1",
      fdTasksGranularMaster: "cn=schema-check,ou=tasks,dc=example,dc=org",
      fdTasksGranularType: "schema-check",
      fdTasksGranularSchedule: "20261101090000",
      fdTasksGranularStatus: "1",
    });
    try {
      // Status is multi-valued upstream: "add" keeps the old value, only "replace" is safe.
      await modify(client, "add", "fdTasksGranularStatus", "2");
      const status = (await client.search(dn, { scope: "base", attributes: ["fdTasksGranularStatus"] })).searchEntries[0]?.["fdTasksGranularStatus"];
      t.deepEqual(status, ["1", "2"]);
      await t.throwsAsync(modify(client, "add", "fdTasksGranularType", "Audit"), { instanceOf: ConstraintViolationError });
      await t.throwsAsync(modify(client, "replace", "fdTasksGranularSchedule", "2026110109000é"), { instanceOf: InvalidSyntaxError });
      // GeneralizedTime has ORDERING; the YmdHis IA5 schedule has none.
      const old = await client.search("ou=audit,dc=example,dc=org", { filter: "(fdAuditDateTime<=20251128000000Z)", attributes: ["fdAuditDateTime"] });
      t.is(old.searchEntries.length, 5);
      const bySchedule = await client.search("ou=tasks,dc=example,dc=org", { filter: "(fdTasksGranularSchedule<=20991231235959)", attributes: ["cn"] });
      t.is(bySchedule.searchEntries.length, 0);
    } finally {
      await client.del(dn);
    }
  });
});

test.serial("stop refuses connections, start brings the same data back, destroy deletes it", async (t) => {
  const slapd = await startSlapd({ demoData: false });
  try {
    const dn = "ou=lifecycle-check,dc=example,dc=org";
    await withClient(slapd, slapd.rootDn, slapd.rootPassword, (client) => client.add(dn, { objectClass: "organizationalUnit", ou: "lifecycle-check" }));

    await slapd.stop();
    const refused = await t.throwsAsync(withClient(slapd, slapd.rootDn, slapd.rootPassword, async () => undefined));
    t.regex(String(refused?.message) + String((refused as NodeJS.ErrnoException | undefined)?.code), /ECONNREFUSED/);

    await slapd.start();
    const back = await withClient(slapd, slapd.serviceDn, slapd.servicePassword, (client) => client.search(dn, { scope: "base" }));
    t.is(back.searchEntries[0]?.dn, dn);
    // demoData: false leaves only the base entries
    const people = withClient(slapd, slapd.rootDn, slapd.rootPassword, (client) => client.search("ou=people,dc=example,dc=org", { scope: "base" }));
    await t.throwsAsync(people);
  } finally {
    await slapd.destroy();
  }
  t.false(existsSync(slapd.dataDir));
});

test.serial("start() on a taken port fails with slapd's own output", async (t) => {
  const slapd = await startSlapd({ demoData: false });
  // Drop connections at once: an unread server socket would keep blocker.close() waiting forever.
  const blocker = net.createServer((socket) => socket.destroy());
  try {
    await slapd.stop();
    await new Promise<void>((resolve) => blocker.listen(slapd.port, "127.0.0.1", resolve));
    const error = await t.throwsAsync(slapd.start());
    t.regex(error?.message ?? "", /slapd failed to start on 127\.0\.0\.1:\d+ \(exit code 1\)/);
    t.regex(error?.message ?? "", /Address already in use/);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
    await slapd.destroy();
  }
});

test.serial("extraConfig lines reach the database section", async (t) => {
  const slapd = await startSlapd({ demoData: false, extraConfig: "readonly on" });
  try {
    const config = await readFile(path.join(slapd.dataDir, "slapd.conf"), "utf8");
    t.true(config.includes("readonly on"));
    const write = withClient(slapd, slapd.rootDn, slapd.rootPassword, (client) => client.add("ou=nope,dc=example,dc=org", { objectClass: "organizationalUnit", ou: "nope" }));
    await t.throwsAsync(write, { instanceOf: UnwillingToPerformError });
  } finally {
    await slapd.destroy();
  }
});

test.serial("a broken seed LDIF fails with slapadd's own message", async (t) => {
  const bad = path.join(scratch, "bad.ldif");
  await writeFile(bad, "dn: cn=orphan,dc=example,dc=org\nobjectClass: noSuchClass\ncn: orphan\n");
  const error = await t.throwsAsync(startSlapd({ demoData: false, ldif: [bad] }));
  t.regex(error?.message ?? "", /slapadd could not load .*bad\.ldif/);
  t.regex(error?.message ?? "", /noSuchClass/);
});
