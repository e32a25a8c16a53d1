// What was sent is recorded in LDAP, one marker entry per (user, password expiry day, lead time). Creating it is
// the claim: LDAP add is atomic, so when two runs (or two instances) race, exactly one add succeeds and the other
// gets "already exists" and sends nothing.
import { createHash } from "node:crypto";
import { LdapAlreadyExistsError, LdapNoSuchObjectError, childDn, isOrchestratorError, type Directory } from "@fdo/sdk";
import type { PasswordExpiryConfig } from "./config.js";
import { MarkerBranchMissingError } from "./errors.js";
import { isoDay } from "./expiry.js";

/** What identifies one reminder. */
export interface MarkerKey {
  readonly dn: string;
  readonly uid: string;
  readonly expiryDay: number;
  readonly leadDays: number;
}

const hasCode = (error: unknown, code: string) => isOrchestratorError(error) && error.code === code;
/** Markers of passwords that expired more than this many days ago are deleted. */
const PRUNE_AFTER_DAYS = 1;

/** `20261205-7d-<16 hex of sha256(user DN)>`: the expiry day first, so old markers are found without a read. */
export function markerName(key: MarkerKey): string {
  const normalisedDn = key.dn.replace(/\s*([,=+])\s*/g, "$1").toLowerCase();
  const userHash = createHash("sha256").update(normalisedDn).digest("hex").slice(0, 16);
  return `${isoDay(key.expiryDay).replaceAll("-", "")}-${key.leadDays}d-${userHash}`;
}

function expiryDayOfName(name: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})-/.exec(name);
  return match === null ? undefined : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / 86_400_000;
}

export class MarkerStore {
  constructor(
    private readonly directory: Directory,
    readonly base: string,
  ) {}

  dn(key: MarkerKey): string {
    return childDn("cn", markerName(key), this.base);
  }

  /** Names of every marker (lower case); empty before the first run created the branch. */
  async names(): Promise<Set<string>> {
    const names = new Set<string>();
    try {
      for await (const entry of this.directory.search({ base: this.base, scope: "one", filter: "(objectClass=organizationalRole)", attributes: ["cn"] })) {
        for (const cn of entry.values("cn")) names.add(cn.toLowerCase());
      }
    } catch (error) {
      if (!hasCode(error, LdapNoSuchObjectError.code)) throw error;
    }
    return names;
  }

  /** Creates the branch (`ou=...`) when it is missing. */
  async ensureBranch(): Promise<void> {
    if ((await this.directory.read(this.base, ["objectClass"])) !== null) return;
    const rdn = /^ou=([^,]+),/i.exec(this.base);
    if (rdn?.[1] === undefined) throw new MarkerBranchMissingError(`${this.base} does not exist; create it, or name an ou= branch the plugin may create`);
    try {
      await this.directory.add(this.base, { objectClass: ["top", "organizationalUnit"], ou: rdn[1], description: "Password-expiry reminders already sent (fdo-plugin-password-expiry)" });
    } catch (error) {
      if (hasCode(error, LdapAlreadyExistsError.code)) return;
      if (hasCode(error, LdapNoSuchObjectError.code)) throw new MarkerBranchMissingError(`the parent of ${this.base} does not exist`, { cause: error });
      throw error;
    }
  }

  /** Claims a reminder; false when a marker already exists (another run sent it, or is sending it). */
  async claim(key: MarkerKey, now: Date): Promise<boolean> {
    try {
      await this.directory.add(this.dn(key), {
        objectClass: ["top", "organizationalRole"],
        cn: markerName(key),
        seeAlso: key.dn,
        description: [`password of ${key.uid} expires ${isoDay(key.expiryDay)}; reminder ${key.leadDays} day(s) before`, `sending since ${now.toISOString()}`],
      });
      return true;
    } catch (error) {
      if (hasCode(error, LdapAlreadyExistsError.code)) return false;
      throw error;
    }
  }

  /** Records that the mail went out. */
  async confirm(key: MarkerKey, sentAt: Date): Promise<void> {
    await this.directory.modify(this.dn(key), [
      { operation: "replace", attribute: "description", values: [`password of ${key.uid} expires ${isoDay(key.expiryDay)}; reminder ${key.leadDays} day(s) before`, `sent ${sentAt.toISOString()}`] },
    ]);
  }

  /** Gives a claim back (the mail was not sent), so the next run tries again. */
  async release(key: MarkerKey): Promise<void> {
    try {
      await this.directory.delete(this.dn(key));
    } catch (error) {
      if (!hasCode(error, LdapNoSuchObjectError.code)) throw error;
    }
  }

  /** Deletes the markers of passwords that expired before `today - 1`; returns how many. */
  async prune(today: number): Promise<number> {
    let pruned = 0;
    for (const name of await this.names()) {
      const day = expiryDayOfName(name);
      if (day === undefined || day >= today - PRUNE_AFTER_DAYS) continue;
      try {
        await this.directory.delete(childDn("cn", name, this.base));
        pruned += 1;
      } catch (error) {
        if (!hasCode(error, LdapNoSuchObjectError.code)) throw error;
      }
    }
    return pruned;
  }
}

/** The marker branch: PASSWORD_EXPIRY_MARKER_BASE, or `ou=password-expiry` under the LDAP base. */
export function markerStore(directory: Directory, config: PasswordExpiryConfig, ldapBase: string): MarkerStore {
  return new MarkerStore(directory, config.markerBase ?? childDn("ou", "password-expiry", ldapBase));
}
