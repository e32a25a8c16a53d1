// After a change, FusionDirectory is asked to re-save the user so it re-derives `supannRessourceEtat` (and anything
// else it computes from `supannRessourceEtatDate`): `PATCH /objects/user/<dn>` with `{}`, as upstream did.
import { describeFdAnswer, fdObjectPath, isFdSuccess } from "@fdo/fusiondirectory";
import { errorText, type FusionDirectoryClient, type Logger } from "@fdo/sdk";
import type { RefreshResult } from "./reports.js";

/** The REST path that refreshes a user. */
export function refreshPath(userDn: string): string {
  return fdObjectPath("user", userDn);
}

/**
 * Refreshes the user through FusionDirectory. Never throws: FusionDirectory being down, refusing the call or not
 * being configured is a result with the reason (the caller keeps the subtask failed, the refresh pending).
 */
export async function refreshUser(client: FusionDirectoryClient, userDn: string, logger: Logger): Promise<RefreshResult> {
  let reason: string;
  try {
    const response = await client.call({ method: "PATCH", path: refreshPath(userDn), body: {} });
    if (isFdSuccess(response)) return { ok: true, message: `User: ${userDn} has been correctly refreshed.` };
    reason = describeFdAnswer(response);
  } catch (error) {
    reason = errorText(error);
  }
  logger.warn("user not refreshed in FusionDirectory; supannRessourceEtat stays stale until the subtask is restarted or FusionDirectory saves the user", { dn: userDn, reason });
  return { ok: false, message: `User: ${userDn} could not be refreshed: ${reason}`, reason };
}
