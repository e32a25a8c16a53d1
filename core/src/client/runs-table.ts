/** One run as `GET /api/runs` lists it (the fields the table shows). */
interface ListedRun {
  readonly startedAt: string;
  readonly segment: string;
  readonly trigger: string;
  readonly outcome: string;
  readonly durationMs: number;
  readonly instance: string;
  readonly summary: { readonly processed: number; readonly succeeded: number; readonly failed: number };
  readonly errorCode?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The runs of a `GET /api/runs` answer; entries that do not look like runs are left out. */
export function runsOf(body: unknown): ListedRun[] {
  const runs = isRecord(body) && Array.isArray(body["runs"]) ? (body["runs"] as unknown[]) : [];
  return runs.filter((run): run is ListedRun => isRecord(run) && typeof run["segment"] === "string" && isRecord(run["summary"]));
}

const COLUMNS = ["STARTED", "SEGMENT", "TRIGGER", "OUTCOME", "PROCESSED", "OK", "FAILED", "DURATION", "INSTANCE", "ERROR"] as const;

/** `--runs`: the history as an aligned table, newest first. */
export function runsTable(runs: readonly ListedRun[]): string {
  if (runs.length === 0) return "No runs recorded.";
  const rows = runs.map((run) => [
    run.startedAt,
    run.segment,
    run.trigger,
    run.outcome,
    String(run.summary.processed),
    String(run.summary.succeeded),
    String(run.summary.failed),
    `${(run.durationMs / 1000).toFixed(1)}s`,
    run.instance,
    run.errorCode ?? "",
  ]);
  const widths = COLUMNS.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] as number))
      .join("  ")
      .trimEnd();
  return [line(COLUMNS), ...rows.map(line)].join("\n");
}
