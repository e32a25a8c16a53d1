// The optional body of PATCH /api/tasks/extractor and /export: `{"path": "<dir>", "filename": "<base>"}`, as the
// official client sends it (`--extractor PATH`). Only its shape is checked here; where the file may go is
// output-path.ts's decision.
import { HttpBadRequestError } from "@fdo/sdk";
import { ExportPathInvalidError } from "./errors.js";

/** The request's wishes; `undefined` when absent or empty. */
export interface ExportRequest {
  readonly path: string | undefined;
  readonly filename: string | undefined;
}

function field(body: Record<string, unknown>, name: "path" | "filename"): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new ExportPathInvalidError(`"${name}" must be a string`, { details: { field: name } });
  return value;
}

/** Reads the body. No body (or `{}`, `[]`) asks for nothing; anything but a JSON object is a 400. */
export function readExportRequest(body: unknown): ExportRequest {
  if (body === undefined || body === null || (Array.isArray(body) && body.length === 0)) return { path: undefined, filename: undefined };
  if (typeof body !== "object" || Array.isArray(body)) {
    throw new HttpBadRequestError('the request body must be a JSON object such as {"path": "team", "filename": "staff"}');
  }
  const fields = body as Record<string, unknown>;
  return { path: field(fields, "path"), filename: field(fields, "filename") };
}
