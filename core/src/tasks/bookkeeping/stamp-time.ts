/**
 * An execution stamp: UTC `YYYYMMDDHHMMSSZ`, whole seconds. Valid under GeneralizedTime syntax and as a
 * DirectoryString, and fixed-width so stamps sort as strings.
 */
export function executionStamp(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-T:]/g, "")}Z`;
}
