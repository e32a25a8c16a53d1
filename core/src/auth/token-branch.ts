import { isRdnSequence } from "@fdo/fusiondirectory";
import type { Directory, Logger } from "@fdo/sdk";

export interface TokenBranchOptions {
  readonly directory: Directory;
  readonly ldapBase: string;
  /** `LDAP_TOKEN_BRANCH`: wins when set. */
  readonly configuredBranch: string | undefined;
  /** The DSA branch, used when neither the setting nor FusionDirectory names a token branch. */
  readonly dsaBranch: () => Promise<string>;
  readonly logger: Logger;
}

/**
 * The refresh-token branch, resolved once: `LDAP_TOKEN_BRANCH`; else FusionDirectory 1.6's `fdOrchestratorTokenRDN`
 * of its configuration entry under the base, as upstream's newest orchestrator; else the DSA branch (FD 1.5).
 * A failed lookup is retried on the next call.
 */
export function tokenBranchResolver(options: TokenBranchOptions): () => Promise<string> {
  let branch: Promise<string> | undefined;
  return () => {
    branch ??= resolve(options).catch((error: unknown) => {
      branch = undefined;
      throw error;
    });
    return branch;
  };
}

async function resolve({ directory, ldapBase, configuredBranch, dsaBranch, logger }: TokenBranchOptions): Promise<string> {
  if (configuredBranch !== undefined) return configuredBranch;
  const config = await directory.read(`cn=config,ou=fusiondirectory,${ldapBase}`, ["fdOrchestratorTokenRDN"]);
  const rdn = config?.first("fdOrchestratorTokenRDN")?.trim();
  if (rdn === undefined || rdn === "") return dsaBranch();
  if (isRdnSequence(rdn)) return `${rdn},${ldapBase}`;
  logger.warn("fdOrchestratorTokenRDN of FusionDirectory's configuration is not an RDN; refresh tokens stay in the DSA branch (set LDAP_TOKEN_BRANCH)", { value: rdn });
  return dsaBranch();
}
