import { checkConfig } from "./cli/check-config.js";
import { EXIT } from "./cli/exit-codes.js";
import { parseArgs, USAGE } from "./cli/parse-args.js";
import { reportStartupError } from "./cli/report-startup-error.js";
import { runDemo } from "./cli/run-demo.js";
import { runService } from "./cli/run-service.js";
import { installedVersion } from "./install-root.js";

const writeError = (line: string): void => void process.stderr.write(`${line}\n`);
const writeOut = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(argv: readonly string[]): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (error) {
    writeError(`fusiondirectory-orchestrator: ${(error as Error).message}\n${USAGE}`);
    process.exit(EXIT.usage);
  }
  try {
    if (args.command === "help") writeOut(USAGE);
    else if (args.command === "version") writeOut(`fusiondirectory-orchestrator ${installedVersion()}`);
    else if (args.command === "check-config") process.exitCode = await checkConfig(args.configFile, writeOut);
    else if (args.command === "demo") await runDemo(writeOut);
    else await runService(args.configFile);
  } catch (error) {
    process.exit(reportStartupError(error, writeError));
  }
}

await main(process.argv.slice(2));
