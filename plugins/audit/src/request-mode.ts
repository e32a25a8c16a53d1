import { HttpBadRequestError } from "@fdo/sdk";

/** What `PATCH /api/tasks/audit` does: retention (`standard`, the default) or the syslog export. */
export type AuditMode = "standard" | "syslog";

/**
 * Reads `{"type": "standard" | "syslog"}` from the request body. No body (or `{}`, `[]`) is `standard`, as
 * upstream; any other `type` is a 400 instead of upstream's silent fallback to retention, which deleted events
 * when a typo was meant to export them.
 */
export function requestMode(body: unknown): AuditMode {
  if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) return "standard";
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new HttpBadRequestError('the request body must be a JSON object such as {"type": "syslog"}');
  }
  const type = (body as Record<string, unknown>)["type"];
  if (type === undefined || type === null || type === "standard") return "standard";
  if (type === "syslog") return "syslog";
  throw new HttpBadRequestError(`unknown audit type ${JSON.stringify(type)}: use "standard" (retention, the default) or "syslog"`);
}
