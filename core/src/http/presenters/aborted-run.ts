import { LdapUnavailableError, type OrchestratorError, type RunAborted, type RunSummary } from "@fdo/sdk";

/** A run stopped by a lost directory answers 503 with the partial summary (a rerun finishes the work). */
export function abortedRunError(segment: string, aborted: RunAborted, summary: RunSummary): OrchestratorError {
  return new LdapUnavailableError(`run of ${segment} aborted: ${aborted.message}`, { cause: aborted.cause, details: { summary } });
}
