// FusionDirectory archives a user itself (it copies the entry under its archive branch and deletes it):
// `POST <FD REST>/archive/user/<rawurlencoded DN>`, no body, answered 204.
import { rawUrlEncode } from "@fdo/fusiondirectory";

/** The REST call that archives `userDn`, for `FusionDirectoryClient.call`. */
export function archiveRequest(userDn: string): { readonly method: "POST"; readonly path: string } {
  return { method: "POST", path: `/archive/user/${rawUrlEncode(userDn)}` };
}

/** How FusionDirectory answered: archived, or the status text the subtask fails with (restartable). */
export type ArchiveAnswer = { readonly archived: true } | { readonly archived: false; readonly error: string };

/** Only 204 means archived, as upstream; anything else is `Unexpected HTTP status code: <n>`. */
export function readArchiveAnswer(status: number): ArchiveAnswer {
  return status === 204 ? { archived: true } : { archived: false, error: `Unexpected HTTP status code: ${status}` };
}
