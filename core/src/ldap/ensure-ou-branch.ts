import { type Directory, isOrchestratorError, LdapAlreadyExistsError, LdapNoSuchObjectError } from "@fdo/sdk";

const hasCode = (error: unknown, code: string): boolean => isOrchestratorError(error) && error.code === code;

/**
 * Creates the missing levels of a branch, top down, as `organizationalUnit` entries. Every missing level must be an
 * `ou=`; above the first existing entry nothing is touched. Safe against another instance creating them meanwhile.
 */
export async function ensureOuBranch(directory: Directory, dn: string): Promise<void> {
  if ((await directory.read(dn, ["objectClass"])) !== null) return;
  const comma = dn.search(/(?<!\\),/);
  const parent = comma === -1 ? "" : dn.slice(comma + 1);
  const ou = /^ou=(.+)$/i.exec(comma === -1 ? dn : dn.slice(0, comma))?.[1];
  if (ou === undefined) throw new LdapNoSuchObjectError(`${dn} does not exist and is not an ou= branch that can be created`);
  if (parent !== "") await ensureOuBranch(directory, parent);
  try {
    await directory.add(dn, { objectClass: ["top", "organizationalUnit"], ou: ou.replace(/\\(.)/g, "$1") });
  } catch (error) {
    if (!hasCode(error, LdapAlreadyExistsError.code)) throw error;
  }
}
