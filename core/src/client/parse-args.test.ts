import test from "ava";
import { parseClientArgs, USAGE } from "./parse-args.js";

test("actions keep command-line order and map to upstream's calls", (t) => {
  const args = parseClientArgs(["--tasks", "--emails", "--lifecycle", "--notifications", "--reminder", "--audit", "--remove", "--activate", "--restart"]);
  t.deepEqual(
    args.actions.map((action) => [action.option, action.kind, action.segment, action.body]),
    [
      ["--tasks", "list", "", undefined],
      ["--emails", "run", "mail", undefined],
      ["--lifecycle", "run", "lifeCycle", undefined],
      ["--notifications", "run", "notifications", undefined],
      ["--reminder", "run", "reminder", undefined],
      ["--audit", "run", "audit", undefined],
      ["--remove", "run", "removeSubTasks", undefined],
      ["--activate", "run", "activateCyclicTasks", undefined],
      ["--restart", "run", "restartFailedTasks", undefined],
    ],
  );
});

test("optional values are taken unless the next argument is an option", (t) => {
  const args = parseClientArgs(["--audit", "syslog", "--restart", "Weekly report", "--audit", "--extractor=/srv/out/", "--automatic-groups", "dynamic-group"]);
  t.deepEqual(
    args.actions.map((action) => [action.segment, action.body]),
    [
      ["audit", { type: "syslog" }],
      ["restartFailedTasks", { taskName: "Weekly report" }],
      ["audit", undefined],
      ["extractor", { path: "/srv/out/" }],
      ["automaticGroups", { type: "dynamic-group" }],
    ],
  );
});

test("--run takes any task type name; settings take values in both spellings", (t) => {
  const args = parseClientArgs(["--run", "archive", "--run=myPlugin_2", "--log", "/tmp/x.log", "--config=/etc/c.conf", "--ca-file", "/ca.pem", "--timeout", "1.5"]);
  t.deepEqual(
    args.actions.map((action) => action.segment),
    ["archive", "myPlugin_2"],
  );
  t.is(args.logFile, "/tmp/x.log");
  t.is(args.configFile, "/etc/c.conf");
  t.is(args.caFile, "/ca.pem");
  t.is(args.timeoutSeconds, 1.5);
  t.false(args.insecure);
  const flags = parseClientArgs(["--emails", "--verbose", "--debug", "--json", "--dry-run", "--insecure-skip-tls-verify"]);
  t.true(flags.verbose && flags.debug && flags.json && flags.dryRun && flags.insecure);
});

test("upstream's 2024 option names still work", (t) => {
  t.deepEqual(
    parseClientArgs(["--lifeCycle", "--removeSubTasks", "--activateCyclicTasks"]).actions.map((action) => action.segment),
    ["lifeCycle", "removeSubTasks", "activateCyclicTasks"],
  );
});

test("--help needs no action; otherwise an action is required", (t) => {
  t.true(parseClientArgs(["--help"]).help);
  t.true(parseClientArgs(["-h"]).help);
  t.throws(() => parseClientArgs([]), { message: "no action given" });
  t.throws(() => parseClientArgs(["--verbose"]), { message: "no action given" });
});

test("anything unexpected is a usage error", (t) => {
  t.throws(() => parseClientArgs(["--bogus"]), { name: "UsageError", message: "unknown option --bogus" });
  t.throws(() => parseClientArgs(["-m"]), { message: "unknown option -m" });
  t.throws(() => parseClientArgs(["emails"]), { message: "unknown option emails" });
  t.throws(() => parseClientArgs(["--run"]), { message: "--run needs a value" });
  t.throws(() => parseClientArgs(["--run", "--emails"]), { message: "--run needs a value" });
  t.throws(() => parseClientArgs(["--run", "../login"]), { message: /not a task type name/ });
  t.throws(() => parseClientArgs(["--emails", "--log"]), { message: "--log needs a value" });
  t.throws(() => parseClientArgs(["--emails=yes"]), { message: "--emails takes no value" });
  t.throws(() => parseClientArgs(["--emails", "--timeout", "0"]), { message: /--timeout must be a number of seconds/ });
  t.throws(() => parseClientArgs(["--emails", "--timeout", "soon"]), { message: /--timeout must be/ });
});

test("--dry-run is refused with the maintenance calls, which have no dry run", (t) => {
  t.true(parseClientArgs(["--dry-run", "--emails", "--tasks"]).dryRun);
  for (const option of [["--remove"], ["--activate"], ["--restart", "x"], ["--run", "RemoveSubTasks"]]) {
    t.throws(() => parseClientArgs(["--dry-run", ...option]), { message: /--dry-run cannot be combined/ });
  }
});

test("the usage text documents the exit codes", (t) => {
  for (const code of ["0 ok", "1 a call failed", "2 partial failure", "64 usage error", "77 authentication refused", "78 configuration error"]) {
    t.true(USAGE.replace(/\s+/g, " ").includes(code), code);
  }
});
