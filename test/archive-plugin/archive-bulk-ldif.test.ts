import test from "ava";
import { archiveBulkLdif, bulkMainDn, bulkUserDn } from "../support/archive-bulk-ldif.js";

test("the generator writes the branch, one main task, and a user plus a due subtask per count", (t) => {
  const ldif = archiveBulkLdif({ count: 1000 });
  const dns = [...ldif.matchAll(/^dn: (.*)$/gm)].map((match) => match[1]);
  t.is(dns.length, 2 + 2 * 1000);
  t.is(new Set(dns).size, dns.length, "every DN once");
  t.is([...ldif.matchAll(/^fdTasksGranularType: archive$/gm)].length, 1000);
  t.is([...ldif.matchAll(/^fdTasksGranularStatus: 1$/gm)].length, 1000);
  t.true(ldif.includes(`fdTasksGranularDN: ${bulkUserDn(1000)}\n`));
  t.true(ldif.includes(`fdTasksGranularMaster: ${bulkMainDn()}\n`));
  t.true(archiveBulkLdif({ count: 1, schedule: "20261101090000", suffix: "dc=test" }).includes("fdTasksGranularSchedule: 20261101090000\n"));
});
