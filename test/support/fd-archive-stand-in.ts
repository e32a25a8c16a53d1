// FusionDirectory's `POST /archive/user/<dn>` on the REST stand-in, as FusionDirectory's archive plugin behaves: the
// user is moved out of the directory (an fdArchivedObject keeps some fields elsewhere), so it answers 204 and deletes
// the entry; a user no longer there is a 404. LDAP's delete is atomic: however many callers race, one gets 204.
import { type Directory, isOrchestratorError, LdapNoSuchObjectError } from "@fdo/sdk";
import type { FakeFusionDirectory } from "@fdo/testing";

const ARCHIVE_PREFIX = "/archive/user/";

/** The DNs FusionDirectory was asked to archive, in order (answered or not). */
export function archiveCalls(fake: FakeFusionDirectory): string[] {
  return fake
    .apiCalls()
    .filter((call) => call.method === "POST" && call.path.startsWith(ARCHIVE_PREFIX))
    .map((call) => decodeURIComponent(call.path.slice(ARCHIVE_PREFIX.length)));
}

/**
 * Makes `fake` archive users by deleting them from `directory()` (a getter: the fake starts before the host whose
 * directory it uses). Returns the DNs actually archived (answered 204), in order.
 */
export function archiveLikeFusionDirectory(fake: FakeFusionDirectory, directory: () => Directory | undefined): string[] {
  const archived: string[] = [];
  fake.override(async (call) => {
    if (call.method !== "POST" || !call.path.startsWith(ARCHIVE_PREFIX)) return undefined;
    const dn = decodeURIComponent(call.path.slice(ARCHIVE_PREFIX.length));
    try {
      const ldap = directory();
      if (ldap === undefined) throw new Error("the FusionDirectory stand-in was called before the host started");
      await ldap.delete(dn);
    } catch (error) {
      if (isOrchestratorError(error) && error.code === LdapNoSuchObjectError.code) return { status: 404, body: { errors: ["Object not found"] } };
      throw error;
    }
    archived.push(dn);
    return { status: 204 };
  });
  return archived;
}
