import path from "node:path";
import { startTestHost, type TestHost } from "@fdo/testing";
import { withTempFile } from "./scratch-dir.js";

export interface ProbeSubtask {
  readonly cn: string;
  /** What the probe plugin does with it: done, nothing, fail:<text>, throw:<text>, skip, warn:<text>, slow:<ms>, irreversible:<ms>, tag:<dn>|<dn>. */
  readonly action?: string;
  readonly status?: string;
  /** FD 1.5 wall time (Europe/Paris in the demo directory) or GeneralizedTime. */
  readonly schedule?: string;
  readonly type?: string;
}

export const PROBE_BRANCH = "ou=probe,dc=example,dc=org";
export const probeDn = (cn: string): string => `cn=${cn},${PROBE_BRANCH}`;

/** How the probe host starts besides its subtasks. */
export interface ProbeHostOptions {
  /** Extra LDIF lines of the main task, e.g. `fdTasksRepeatable: TRUE`. */
  readonly mainTask?: readonly string[];
  /** The directory's schema generation (default fd16). */
  readonly schema?: "fd16" | "fd15";
}

export const PROBE_TASK = `cn=probe-task,${PROBE_BRANCH}`;

function ldif(subtasks: readonly ProbeSubtask[], mainTask: readonly string[]): string {
  const main = PROBE_TASK;
  const entries = [
    `dn: ${PROBE_BRANCH}\nobjectClass: organizationalUnit\nou: probe\n`,
    `dn: ${main}\nobjectClass: top\nobjectClass: fdTasks\ncn: probe-task\nfdTasksStatus: 1\nfdTasksCreationDate: 2026-11-01 09:00:00am\n${mainTask.map((line) => `${line}\n`).join("")}`,
    ...subtasks.map(
      (subtask) =>
        `dn: ${probeDn(subtask.cn)}\nobjectClass: top\nobjectClass: fdTasksGranular\ncn: ${subtask.cn}\n` +
        `fdTasksGranularMaster: ${main}\nfdTasksGranularType: ${subtask.type ?? "Probe Object"}\n` +
        `fdTasksGranularSchedule: ${subtask.schedule ?? "20261101090000"}\nfdTasksGranularStatus: ${subtask.status ?? "1"}\n` +
        `fdTasksGranularDN: ${subtask.action ?? "done"}\n`,
    ),
  ];
  return entries.join("\n");
}

/** A test host with the probe plugin and the given probe subtasks (besides the demo directory). */
export async function startProbeHost(subtasks: readonly ProbeSubtask[], config: Record<string, string> = {}, options: ProbeHostOptions = {}): Promise<TestHost> {
  return withTempFile("probe.ldif", ldif(subtasks, options.mainTask ?? []), (file) =>
    startTestHost({ plugins: [path.resolve("test/fixtures/plugins/probe")], ldif: [file], config, schema: options.schema }),
  );
}

/** The status each probe subtask has now (`undefined` when deleted). */
export async function statuses(host: TestHost, cns: readonly string[]): Promise<Record<string, string | undefined>> {
  const entries = await Promise.all(cns.map(async (cn) => [cn, (await host.ldap.read(probeDn(cn)))?.first("fdTasksGranularStatus")] as const));
  return Object.fromEntries(entries);
}
