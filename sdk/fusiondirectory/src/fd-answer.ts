import type { FusionDirectoryResponse } from "@fdo/sdk";

const MAX_DETAIL = 200;

/**
 * A FusionDirectory REST answer that is not a success, as one line for a status text or a report:
 * `FusionDirectory answered HTTP 403: Not allowed to modify uid=bob`. The detail is the body when it is a string, or
 * its `message`; whitespace is folded and it is cut at 200 characters.
 * @public
 */
export function describeFdAnswer(response: FusionDirectoryResponse): string {
  const { body } = response;
  const text = typeof body === "string" ? body : typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string" ? (body as { message: string }).message : "";
  const line = text.replace(/\s+/g, " ").trim();
  const detail = line === "" ? "" : `: ${line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line}`;
  return `FusionDirectory answered HTTP ${response.status}${detail}`;
}

/**
 * True for a 2xx answer.
 * @public
 */
export function isFdSuccess(response: FusionDirectoryResponse): boolean {
  return response.status >= 200 && response.status <= 299;
}
