// How many LDAP writes a Life Cycle subtask costs on an FD 1.6 directory, counted by the host's own per-operation
// metric against the real slapd: the FD 1.6 record of the task on the user rides in the modify of its states.
import path from "node:path";
import { fakeFusionDirectoryConfig, startFakeFusionDirectory, startTestHost } from "@fdo/testing";
import test from "ava";
import { withTempFile } from "./support/scratch-dir.js";

const BASE = "dc=example,dc=org";
const BRANCH = `ou=lc-writes,${BASE}`;
const MAIN = `cn=lc-writes,${BRANCH}`;
const OTHER_TASK = `cn=some-earlier-task,ou=tasks,${BASE}`;
const USERS = 30;
/** The demo's own due Life Cycle subtasks: three change a user, two have nothing to do (FD 1.5: deleted). */
const DEMO_CHANGED = 3;
const DEMO_DELETED = 2;
/** Main tasks stamped once per run: the demo's two expiry tasks and this one. */
const MAIN_TASKS_STAMPED = 3;

const user = (index: number) => `uid=lc-writes-${index},${BRANCH}`;
/** The first subtask names its user as FusionDirectory might: other case, spaces after commas. */
const SPELT_OTHERWISE = "UID=lc-writes-0, OU=lc-writes, dc=example, dc=org";

/**
 * Users whose {COMPTE} ended, one FD 1.6 subtask each. A third already carry fdTasksInfos with another task, a third
 * carry this task already (a record that must not be written twice), the rest have no record.
 */
function backlog(): string {
  const entries = [
    `dn: ${BRANCH}\nobjectClass: organizationalUnit\nou: lc-writes\n`,
    `dn: ${MAIN}\nobjectClass: top\nobjectClass: fdTasks\nobjectClass: fdTasksLifeCycle\ncn: lc-writes\nfdTasksStatus: 1\nfdTasksCreationDate: 2026-11-01 08:55:12am\nfdTasksScheduleDate: 20261120080000Z\n` +
      "fdTasksLifeCyclePreResource: COMPTE\nfdTasksLifeCyclePreState: A\nfdTasksLifeCyclePostResource: COMPTE\nfdTasksLifeCyclePostState: I\nfdTasksLifeCyclePostSubState: SupannExpire\nfdTasksLifeCyclePostEndDate: 30\n",
  ];
  for (let index = 0; index < USERS; index += 1) {
    const record = index % 3 === 0 ? "" : `objectClass: fdTasksInfos\nfdTasksExecutedDNs: ${index % 3 === 1 ? OTHER_TASK : MAIN}\n`;
    entries.push(
      `dn: ${user(index)}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\nobjectClass: supannPerson\n${record}` +
        `uid: lc-writes-${index}\ncn: lc-writes-${index}\nsn: lc-writes-${index}\nsupannRessourceEtatDate: {COMPTE}A:SupannActif:20240101:20261101\n`,
      `dn: cn=lc-writes-SubTask-${index},${BRANCH}\nobjectClass: top\nobjectClass: fdTasksGranular\ncn: lc-writes-SubTask-${index}\nfdTasksGranularMaster: ${MAIN}\n` +
        `fdTasksGranularType: lifeCycle\nfdTasksGranularSchedule: 20261120080000Z\nfdTasksGranularStatus: 1\nfdTasksGranularDN: ${index === 0 ? SPELT_OTHERWISE : user(index)}\n`,
    );
  }
  return entries.join("\n");
}

/** The value of one sample line of the metrics exposition. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

test("a Life Cycle subtask costs three writes (claim, the user's states with the task's record, outcome); every user carries the record once", async (t) => {
  const fake = await startFakeFusionDirectory();
  t.teardown(() => fake.stop());
  const host = await withTempFile("lc-writes.ldif", backlog(), (file) =>
    startTestHost({ plugins: [path.resolve("plugins/lifecycle")], ldif: [file], config: { ...fakeFusionDirectoryConfig(fake), METRICS_ENABLED: "TRUE" } }),
  );
  t.teardown(() => host.stop());
  const writes = async () => {
    const text = (await host.request("GET", "/metrics", { auth: false })).body as string;
    return ["modify", "delete"].reduce((sum, operation) => sum + sample(text, `fdo_ldap_operation_duration_seconds_count{operation="${operation}"}`), 0);
  };

  const before = await writes();
  const response = await host.request("PATCH", "/api/tasks/lifeCycle");
  const count = (await writes()) - before;

  t.like((response.body as { summary: unknown }).summary, { succeeded: USERS + DEMO_CHANGED, failed: 0 });
  const subtasks = USERS + DEMO_CHANGED;
  // The two demo subtasks with nothing to do cost a claim and a delete each. A separate record write per user would
  // add thirty, a failed first try twenty more.
  t.log(`${count} writes for ${subtasks} changed users`);
  t.is(count, 3 * subtasks + 2 * DEMO_DELETED + MAIN_TASKS_STAMPED);

  for (let index = 0; index < USERS; index += 1) {
    const entry = await host.ldap.read(user(index), ["objectClass", "fdTasksExecutedDNs", "supannRessourceEtatDate"]);
    t.deepEqual(entry?.values("supannRessourceEtatDate"), ["{COMPTE}I:SupannExpire:20261101:20261201"]);
    t.is(entry?.values("objectClass").filter((name) => name === "fdTasksInfos").length, 1);
    t.deepEqual([...(entry?.values("fdTasksExecutedDNs") ?? [])].sort(), (index % 3 === 1 ? [OTHER_TASK, MAIN] : [MAIN]).sort());
  }
});
