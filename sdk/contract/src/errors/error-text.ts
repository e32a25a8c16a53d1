/**
 * An error's message on one line, for statuses and reports (whitespace collapsed; never empty).
 * @public
 */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, " ").trim() || "unknown error";
}
