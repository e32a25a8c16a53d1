/**
 * True for one or more plain RDNs such as `ou=mailTemplate` or `ou=jwt,ou=orchestrator`: how FusionDirectory's
 * configuration names a branch below the base (`fdMailTemplateRDN`, `fdOrchestratorTokenRDN`...). No escapes,
 * multi-valued RDNs or special characters, so `<value>,<base>` is a DN as written.
 * @public
 */
export function isRdnSequence(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]*=[^,=+\\"<>;]+(,[A-Za-z][A-Za-z0-9-]*=[^,=+\\"<>;]+)*$/.test(value);
}
