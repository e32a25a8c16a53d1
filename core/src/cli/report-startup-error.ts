import { isOrchestratorError } from "@fdo/sdk";
import { EXIT } from "./exit-codes.js";

/**
 * Prints why the service cannot start, one problem per line, then the configuration warnings, and returns the
 * exit code. Configuration problems name their keys and never echo secret values (they are never put in the
 * messages).
 */
export function reportStartupError(error: unknown, write: (line: string) => void): number {
  if (!isOrchestratorError(error)) {
    write(`fusiondirectory-orchestrator: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  }
  const problems = (error.details?.["problems"] as ReadonlyArray<{ message: string }> | undefined) ?? [];
  const warnings = (error.details?.["warnings"] as readonly string[] | undefined) ?? [];
  write(`fusiondirectory-orchestrator: ${problems.length > 0 ? `${error.code}: ${problems.length} problem(s)` : `${error.code}: ${error.message}`}`);
  for (const problem of problems) write(`  - ${problem.message}`);
  for (const warning of warnings) write(`warning: ${warning}`);
  return error.code.startsWith("FDO_ERR_CONFIG_") || error.code.startsWith("FDO_ERR_PLUGIN_") ? EXIT.config : EXIT.failure;
}
