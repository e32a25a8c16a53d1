// Attributes whose values a notification never shows, whatever NOTIFICATIONS_INCLUDE_VALUES says.

// userPassword, sambaNTPassword, sambaLMPassword and any other *Password*/*passwd*, plus key and secret material
// (sshPublicKey, krb5Key, totpSecret...). Matched on the name without its ";option" suffixes.
const SECRET_NAME = /pass(word|wd)|secret|key/i;

/** True when an attribute's values must never appear in a mail (passwords, keys, secrets). */
export function isSecretAttribute(attribute: string): boolean {
  return SECRET_NAME.test(attribute.split(";")[0] ?? attribute);
}
