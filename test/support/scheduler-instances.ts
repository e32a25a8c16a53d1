import path from "node:path";
import { createHost, type Host, loadConfig } from "@fdo/core";
import type { Clock, Logger } from "@fdo/sdk";
import { memoryLogger, type SmtpSink, sandboxConfig, type TestSlapd } from "@fdo/testing";

export const MAIL_PLUGIN = path.resolve("plugins/mail");
export const SCHEDULER_BRANCH = "ou=scheduler,dc=example,dc=org";

/** A `run.finished` line as the host logs it. */
export interface FinishedRun {
  readonly id: string;
  readonly segment: string;
  readonly trigger: string;
  readonly instance: string;
  readonly scheduledAt?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly outcome: string;
  readonly summary: { readonly processed: number; readonly succeeded: number; readonly failed: number };
}

/** One service instance on a shared slapd and SMTP sink, with its logs in memory. */
export interface Instance {
  readonly host: Host;
  readonly url: string;
  /** Every run it finished so far. */
  finishedRuns(): FinishedRun[];
  /** Resolves once a finished run satisfies `check` (runs finished before count too). */
  untilRun(check: (run: FinishedRun) => boolean): Promise<FinishedRun>;
  get(requestPath: string, headers?: Record<string, string>): Promise<Response>;
}

/** Wraps a logger so that `run.finished` lines are also handed to `onRun` as they are written. */
function observingRuns(logger: Logger, onRun: (run: FinishedRun) => void): Logger {
  return {
    debug: (message, fields) => logger.debug(message, fields),
    warn: (message, fields) => logger.warn(message, fields),
    error: (message, fields) => logger.error(message, fields),
    child: (fields) => logger.child(fields),
    info(message, fields) {
      logger.info(message, fields);
      if (message === "run.finished") onRun(fields as unknown as FinishedRun);
    },
  };
}

/** Starts a host with the mail plugin on `slapd` and `smtp`; always stop it (`host.stop()`). */
export async function startInstance(slapd: TestSlapd, smtp: SmtpSink, config: Record<string, string>, clock?: Clock): Promise<Instance> {
  const runs: FinishedRun[] = [];
  const waiters: Array<{ check: (run: FinishedRun) => boolean; resolve: (run: FinishedRun) => void }> = [];
  const onRun = (run: FinishedRun): void => {
    runs.push(run);
    for (const waiter of [...waiters]) {
      if (!waiter.check(run)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(run);
    }
  };
  const env = {
    ...sandboxConfig(slapd, smtp),
    HTTP_PORT: "0",
    PLUGINS_BUILTIN: "FALSE",
    PLUGINS_DIR: path.dirname(MAIL_PLUGIN),
    PLUGINS_ENABLED: "mail",
    SCHEDULER_BRANCH,
    LOG_LEVEL: "info",
    ...config,
  };
  const loaded = await loadConfig({ file: "/dev/null", env });
  const host = await createHost({ config: loaded, logger: observingRuns(memoryLogger().logger, onRun), ...(clock === undefined ? {} : { clock }) });
  const url = await host.listen();
  return {
    host,
    url,
    finishedRuns: () => [...runs],
    untilRun: (check) =>
      new Promise((resolve) => {
        const done = runs.find(check);
        if (done !== undefined) resolve(done);
        else waiters.push({ check, resolve });
      }),
    get: (requestPath, headers = { authorization: `Bearer ${host.tokens.accessToken("orchestrator")}` }) => fetch(`${url}${requestPath}`, { headers }),
  };
}

/** `count` more due subtasks of the demo's welcome mail, to distinct recipients, as LDIF. */
export function dueMailsLdif(count: number): string {
  const main = "cn=welcome-mail-2026,ou=tasks,dc=example,dc=org";
  const subtasks = Array.from({ length: count }, (_, index) => {
    const cn = `bulk-mail-SubTask-${index}`;
    return `dn: cn=${cn},ou=tasks,dc=example,dc=org\nobjectClass: top\nobjectClass: fdTasksGranular\ncn: ${cn}\nfdTasksGranularMaster: ${main}\nfdTasksGranularType: Mail Object\nfdTasksGranularSchedule: 20200101000000\nfdTasksGranularStatus: 1\nfdTasksGranularMail: bulk${index}@example.org\nfdTasksGranularRef: welcome-mail\nfdTasksGranularMailFrom: noreply@example.org\n`;
  });
  return subtasks.join("\n");
}
