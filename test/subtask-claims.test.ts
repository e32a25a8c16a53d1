// Subtask status transitions on a real slapd: the removal of a "nothing to do" subtask happens only while this run
// still holds it (an LDAP assertion on the status travels with the delete).
import { memoryLogger, startSlapd, type TestSlapd } from "@fdo/testing";
import test from "ava";
import { LdapDirectory } from "../core/src/ldap/ldap-directory.js";
import { SubtaskClaims } from "../core/src/tasks/subtask-claims.js";

let slapd: TestSlapd;
test.before(async () => {
  slapd = await startSlapd({ demoData: false });
});
test.after.always(() => slapd?.destroy());

async function setUp(t: { teardown(fn: () => Promise<void>): void }, cn: string) {
  const directory = new LdapDirectory({ url: slapd.url, bindDn: slapd.serviceDn, bindPassword: slapd.servicePassword, logger: memoryLogger().logger });
  t.teardown(() => directory.close());
  const branch = `ou=${cn},${slapd.baseDn}`;
  await directory.add(branch, { objectClass: ["organizationalUnit"], ou: cn });
  const dn = `cn=${cn}-SubTask-1,${branch}`;
  await directory.add(dn, {
    objectClass: ["top", "fdTasksGranular"],
    cn: `${cn}-SubTask-1`,
    fdTasksGranularMaster: `cn=${cn},${branch}`,
    fdTasksGranularType: "Mail Object",
    fdTasksGranularSchedule: "20261101090000",
    fdTasksGranularStatus: "1",
  });
  return { directory, dn };
}

test("a subtask taken over after the lease is not removed by the run that lost it; the new holder removes it", async (t) => {
  const { directory, dn } = await setUp(t, "takeover");
  const first = new SubtaskClaims(directory, "host-a", 60);
  const second = new SubtaskClaims(directory, "host-b", 60);
  const heldByFirst = (await first.claim(dn, ["1"], 1000)) as string;
  t.truthy(heldByFirst);
  // The first run's lease ran out; the second took the subtask over.
  const heldBySecond = (await second.claim(dn, [heldByFirst], 2000)) as string;
  t.truthy(heldBySecond);

  t.false(await first.remove(dn, heldByFirst));
  t.deepEqual((await directory.read(dn, ["fdTasksGranularStatus"]))?.values("fdTasksGranularStatus"), [heldBySecond]);
  t.true(await second.remove(dn, heldBySecond));
  t.is(await directory.read(dn), null);
  t.true(await second.remove(dn, heldBySecond), "already gone counts as removed");
});

test("deleteIfMatches: a status value with filter metacharacters is matched literally", async (t) => {
  const { directory, dn } = await setUp(t, "escaping");
  await directory.modify(dn, [{ operation: "replace", attribute: "fdTasksGranularStatus", values: ["claimed:(a*b)\\x:1"] }]);
  await t.throwsAsync(directory.deleteIfMatches(dn, "(fdTasksGranularStatus=claimed:*)"), { message: /changed concurrently/ });
  const claims = new SubtaskClaims(directory, "host-a", 60);
  t.false(await claims.remove(dn, "claimed:(a*b)\\y:1"));
  t.true(await claims.remove(dn, "claimed:(a*b)\\x:1"));
  t.is(await directory.read(dn), null);
});
