// Which reminder is which: a claim key per (user, password expiry day, lead time). The host's claims make sending it
// happen once across every instance (see services.claims); the key only has to name the reminder.
import { createHash } from "node:crypto";
import { isoDay } from "./expiry.js";

/** What identifies one reminder. */
export interface MarkerKey {
  readonly dn: string;
  readonly uid: string;
  readonly expiryDay: number;
  readonly leadDays: number;
}

/** `20261205-7d-<16 hex of sha256(user DN)>`: the expiry day first, so old claims are found without a read. */
export function markerName(key: MarkerKey): string {
  const normalisedDn = key.dn.replace(/\s*([,=+])\s*/g, "$1").toLowerCase();
  const userHash = createHash("sha256").update(normalisedDn).digest("hex").slice(0, 16);
  return `${isoDay(key.expiryDay).replaceAll("-", "")}-${key.leadDays}d-${userHash}`;
}

/** The password expiry day a key names, `undefined` for a key of another shape. */
export function expiryDayOfName(name: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})-/.exec(name);
  return match === null ? undefined : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000;
}

/** A note for administrators reading the claim entry. */
export function markerNote(key: MarkerKey): string {
  return `password of ${key.uid} expires ${isoDay(key.expiryDay)}; reminder ${key.leadDays} day(s) before`;
}
