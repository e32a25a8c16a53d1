// `npm run bench [-- suite...]`: benchmarks against throwaway loopback environments (slapd, SMTP sink, service).
// Suites: auth (default), mail, lifecycle, audit. Every suite is bounded in count and time.
import os from "node:os";
import { runAuditSuite } from "./bench/audit-suite.mjs";
import { runAuthSuite } from "./bench/auth-suite.mjs";
import { runLifecycleSuite } from "./bench/lifecycle-suite.mjs";
import { runMailSuite } from "./bench/mail-suite.mjs";

const SUITES = { auth: runAuthSuite, mail: runMailSuite, lifecycle: runLifecycleSuite, audit: runAuditSuite };

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in SUITES));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(", ")}; known: ${Object.keys(SUITES).join(", ")}`);
  process.exit(64);
}
console.log(`node ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "unknown"})`);
let ok = true;
for (const name of requested.length === 0 ? ["auth"] : requested) ok = (await SUITES[name]()) && ok;
if (!ok) process.exitCode = 1;
