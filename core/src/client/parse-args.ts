/** Upstream's maintenance segments: the server has no dry run for them. */
export const MAINTENANCE_SEGMENTS: readonly string[] = ["removeSubTasks", "activateCyclicTasks", "restartFailedTasks"];

/** One call the client makes, in command-line order. */
export interface Action {
  /** The option as typed (for messages), e.g. `--emails`. */
  readonly option: string;
  /** `list` is `GET /api/tasks/`; `run` is `PATCH /api/tasks/<segment>`; `runs` is `GET /api/runs`. */
  readonly kind: "list" | "run" | "runs";
  /** URL segment under /api/tasks/ (`run`; for `runs`, the segment whose history is shown, empty for all). */
  readonly segment: string;
  /** JSON body of the PATCH, when the option took a value. */
  readonly body?: Readonly<Record<string, string>>;
}

export interface ClientArguments {
  readonly help: boolean;
  readonly version: boolean;
  readonly actions: readonly Action[];
  readonly configFile: string | undefined;
  readonly logFile: string | undefined;
  readonly caFile: string | undefined;
  /** `--insecure-skip-tls-verify` given. */
  readonly insecure: boolean;
  readonly timeoutSeconds: number | undefined;
  readonly verbose: boolean;
  readonly debug: boolean;
  readonly json: boolean;
  readonly dryRun: boolean;
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const USAGE = `usage: fusiondirectory-orchestrator-client [options] ACTION...

Actions run in command-line order, after one login; the session is logged out at the end.
  --tasks                   list the main tasks (GET /api/tasks/)
  --emails                  send due mail tasks (PATCH /api/tasks/mail)
  --lifecycle               run life-cycle tasks (PATCH /api/tasks/lifeCycle)
  --notifications           send notifications (PATCH /api/tasks/notifications)
  --reminder                send reminders (PATCH /api/tasks/reminder)
  --audit [TYPE]            audit retention; TYPE (e.g. standard, syslog) is sent as {"type": TYPE}
  --archive                 archive tasks (PATCH /api/tasks/archive)
  --extractor [PATH]        extractor tasks; PATH is sent as {"path": PATH}
  --automatic-groups [TYPE] automatic groups; TYPE (e.g. dynamic-group) is sent as {"type": TYPE}
  --run TYPE                run any task type a plugin serves (PATCH /api/tasks/TYPE)
  --remove                  remove completed subtasks (PATCH /api/tasks/removeSubTasks)
  --activate                activate due cyclic tasks (PATCH /api/tasks/activateCyclicTasks)
  --restart [TASKNAME]      restart failed subtasks, of one main task if given (PATCH /api/tasks/restartFailedTasks)
  --runs [SEGMENT]          print the server's recent runs (API and scheduled), of one task type if given (GET /api/runs)

Options:
  --dry-run                 ask the server for a plan only (?dryRun=true); nothing is sent or changed
                            (not allowed with --remove, --activate, --restart: the server has no dry run for them)
  --json                    one JSON document per call on stdout, instead of the human summary
  --verbose                 also print each response body (never the login or refresh answers)
  --debug                   also print every request and transport error details on stderr
  --log PATH                append timestamped lines (call, status, summary) to PATH
                            (default /var/log/orchestrator/orchestrator.log when that directory exists)
  --config FILE             configuration file (default: /etc/fusiondirectory-tools/fusiondirectory-orchestrator-client.conf,
                            then /etc/fusiondirectory-orchestrator/orchestrator.conf)
  --ca-file FILE            CA certificate(s) to verify the server with (PEM)
  --insecure-skip-tls-verify  do not verify the server's TLS certificate (testing only)
  --timeout SECONDS         limit per task call (default 300); login, refresh and logout use at most 30
  --help                    print this text
  --version                 print the version

Configuration keys (file, or environment variables, which override the file):
  ORCHESTRATOR_API_URL      base URL, e.g. https://fd.example.org/orchestrator
  ORCHESTRATOR_LOGIN        DSA login (older name DSA_LOGIN)
  ORCHESTRATOR_PASSWORD     its password (older name DSA_PASS)
  ORCHESTRATOR_CA_FILE, ORCHESTRATOR_TLS_INSECURE=TRUE, ORCHESTRATOR_TIMEOUT, ORCHESTRATOR_LOG_FILE

Exit codes: 0 ok (also "nothing to process"), 1 a call failed (error status, unreachable, timeout, TLS),
  2 partial failure (the server reported failed subtasks), 64 usage error, 77 authentication refused,
  78 configuration error, 130/143 interrupted.`;

type ValueMode = "none" | "optional" | "required";

interface ActionSpec {
  readonly segment: string;
  readonly kind?: "list" | "runs";
  readonly value?: { readonly mode: Exclude<ValueMode, "none">; readonly bodyKey?: string };
}

// Upstream's options (tools 1.2 and newer) and the aliases of its 2024 builds.
const ACTIONS: Readonly<Record<string, ActionSpec>> = {
  "--tasks": { segment: "", kind: "list" },
  "--emails": { segment: "mail" },
  "--lifecycle": { segment: "lifeCycle" },
  "--lifeCycle": { segment: "lifeCycle" },
  "--notifications": { segment: "notifications" },
  "--reminder": { segment: "reminder" },
  "--audit": { segment: "audit", value: { mode: "optional", bodyKey: "type" } },
  "--archive": { segment: "archive" },
  "--extractor": { segment: "extractor", value: { mode: "optional", bodyKey: "path" } },
  "--automatic-groups": { segment: "automaticGroups", value: { mode: "optional", bodyKey: "type" } },
  "--remove": { segment: "removeSubTasks" },
  "--removeSubTasks": { segment: "removeSubTasks" },
  "--activate": { segment: "activateCyclicTasks" },
  "--activateCyclicTasks": { segment: "activateCyclicTasks" },
  "--restart": { segment: "restartFailedTasks", value: { mode: "optional", bodyKey: "taskName" } },
  "--run": { segment: "", value: { mode: "required" } },
  "--runs": { segment: "", kind: "runs", value: { mode: "optional" } },
};

const SETTINGS: Readonly<Record<string, ValueMode>> = {
  "--config": "required",
  "--log": "required",
  "--ca-file": "required",
  "--timeout": "required",
  "--insecure-skip-tls-verify": "none",
  "--verbose": "none",
  "--debug": "none",
  "--json": "none",
  "--dry-run": "none",
  "--help": "none",
  "-h": "none",
  "--version": "none",
};

/** A task type segment as plugins declare them; anything else could reach another path. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function parseTimeout(raw: string, source: string): number {
  const seconds = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86400) {
    throw new UsageError(`${source} must be a number of seconds between 0 and 86400, got "${raw}"`);
  }
  return seconds;
}

/**
 * Parses the command line (`--name value` or `--name=value`). Actions keep their order; an optional value is
 * taken when the next argument does not start with `-`. Throws {@link UsageError} on anything unexpected.
 */
export function parseClientArgs(argv: readonly string[]): ClientArguments {
  const actions: Action[] = [];
  const settings = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    const next = argv[index + 1];
    const takeValue = (mode: Exclude<ValueMode, "none">): string | undefined => {
      if (inline !== undefined) {
        if (inline === "") throw new UsageError(`${name}= needs a value`);
        return inline;
      }
      if (next !== undefined && !next.startsWith("-")) {
        index += 1;
        return next;
      }
      if (mode === "required") throw new UsageError(`${name} needs a value`);
      return undefined;
    };

    const action = ACTIONS[name];
    if (action !== undefined) {
      if (action.kind === "list") {
        if (inline !== undefined) throw new UsageError(`${name} takes no value`);
        actions.push({ option: name, kind: "list", segment: "" });
      } else if (action.kind === "runs") {
        const segment = takeValue("optional") ?? "";
        if (segment !== "" && !SEGMENT.test(segment)) throw new UsageError(`${name}: "${segment}" is not a task type name`);
        actions.push({ option: name, kind: "runs", segment });
      } else if (action.value === undefined) {
        if (inline !== undefined) throw new UsageError(`${name} takes no value`);
        actions.push({ option: name, kind: "run", segment: action.segment });
      } else {
        const value = takeValue(action.value.mode);
        if (action.value.bodyKey === undefined) {
          const segment = value as string;
          if (!SEGMENT.test(segment)) throw new UsageError(`${name}: "${segment}" is not a task type name`);
          actions.push({ option: name, kind: "run", segment });
        } else {
          actions.push({
            option: name,
            kind: "run",
            segment: action.segment,
            ...(value === undefined ? {} : { body: { [action.value.bodyKey]: value } }),
          });
        }
      }
      continue;
    }

    const mode = SETTINGS[name];
    if (mode === undefined) throw new UsageError(`unknown option ${arg}`);
    if (mode === "none") {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      settings.set(name === "-h" ? "--help" : name, true);
    } else {
      settings.set(name, takeValue(mode) as string);
    }
  }

  const text = (name: string): string | undefined => {
    const value = settings.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const timeout = text("--timeout");
  const help = settings.has("--help");
  const version = settings.has("--version");
  const dryRun = settings.has("--dry-run");
  if (!help && !version && actions.length === 0) throw new UsageError("no action given");
  if (dryRun) {
    const maintenance = actions.find((action) => MAINTENANCE_SEGMENTS.some((segment) => segment.toLowerCase() === action.segment.toLowerCase()));
    if (maintenance !== undefined) throw new UsageError(`--dry-run cannot be combined with ${maintenance.option}: the server has no dry run for it`);
  }
  return {
    help,
    version,
    actions,
    configFile: text("--config"),
    logFile: text("--log"),
    caFile: text("--ca-file"),
    insecure: settings.has("--insecure-skip-tls-verify"),
    timeoutSeconds: timeout === undefined ? undefined : parseTimeout(timeout, "--timeout"),
    verbose: settings.has("--verbose"),
    debug: settings.has("--debug"),
    json: settings.has("--json"),
    dryRun,
  };
}
