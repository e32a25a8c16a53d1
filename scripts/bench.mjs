// `npm run bench [-- suite... [--subtasks N[,N...]] [--nosync]]`: benchmarks against throwaway loopback environments
// (slapd, SMTP sink, the service in its own process). Suites: auth (default), mail, lifecycle, audit. Every suite is
// bounded in count and time; slapd is durable (disk syncs, as in production) unless --nosync. A suite fails (exit 1)
// only when a request or a subtask failed, never for missing a goal. BENCH_CPU_PROF_DIR=<dir> makes the service (and
// the FusionDirectory stand-in) write V8 CPU profiles there.
import os from "node:os";
import { runAuditSuite } from "./bench/audit-suite.mjs";
import { runAuthSuite } from "./bench/auth-suite.mjs";
import { runLifecycleSuite } from "./bench/lifecycle-suite.mjs";
import { runMailSuite } from "./bench/mail-suite.mjs";
import { parseBenchArgs } from "./bench/options.mjs";

const SUITES = { auth: runAuthSuite, mail: runMailSuite, lifecycle: runLifecycleSuite, audit: runAuditSuite };

const options = parseBenchArgs(process.argv.slice(2));
const unknown = options.suites?.filter((name) => !(name in SUITES)) ?? [];
if (options.error !== undefined || unknown.length > 0) {
  console.error(options.error ?? `unknown suite(s): ${unknown.join(", ")}; known: ${Object.keys(SUITES).join(", ")}`);
  process.exit(64);
}
console.log(`node ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "unknown"}); slapd ${options.durable ? "durable (disk syncs)" : "without disk syncs (--nosync)"}`);
let ok = true;
for (const name of options.suites.length === 0 ? ["auth"] : options.suites) ok = (await SUITES[name](options)) && ok;
if (!ok) process.exitCode = 1;
