export type Command = "start" | "check-config" | "demo" | "help" | "version";

export interface CliArguments {
  readonly command: Command;
  readonly configFile: string | undefined;
}

const COMMANDS: readonly Command[] = ["start", "check-config", "demo", "help", "version"];

export const USAGE = `usage: fusiondirectory-orchestrator [start|check-config|demo|help] [--config FILE]

  start          run the service (default)
  check-config   validate the configuration and the plugins, print what would load, exit
  demo           run against a throwaway slapd and SMTP sink with demo data
  version        print the version (also --version)
  --config FILE  configuration file (default /etc/fusiondirectory-orchestrator/orchestrator.conf);
                 environment variables override its keys

exit codes: 0 ok, 1 runtime failure, 64 usage error, 78 configuration or plugin error`;

/** Parses the command line; throws an Error with a usage message on anything unexpected. */
export function parseArgs(argv: readonly string[]): CliArguments {
  let command: Command | undefined;
  let configFile: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === "--config" || arg === "-c") {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith("-")) throw new Error(`${arg} needs a file name`);
      configFile = value;
      index += 1;
    } else if (arg.startsWith("--config=")) {
      configFile = arg.slice("--config=".length);
    } else if (arg === "--help" || arg === "-h") {
      command = "help";
    } else if (arg === "--version" || arg === "-V") {
      command = "version";
    } else if (command === undefined && (COMMANDS as readonly string[]).includes(arg)) {
      command = arg as Command;
    } else {
      throw new Error(`unexpected argument ${arg}`);
    }
  }
  return { command: command ?? "start", configFile };
}
