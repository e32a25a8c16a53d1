// Who is due for a reminder at a given instant: a paged user search, the expiry of each password, the lead time
// it is within, and whether that reminder was already sent (its claim is taken).

import { cleanAddressValue, isValidAddress } from "@fdo/fusiondirectory";
import type { Claims, Directory } from "@fdo/sdk";
import type { PasswordExpiryConfig } from "./config.js";
import { dayNumber, expiryOf, isoDay, leadFor } from "./expiry.js";
import { type MarkerKey, markerName } from "./markers.js";

/** One reminder due now. */
export interface Reminder extends MarkerKey {
  readonly name: string;
  /** The address, or `undefined` when the user has none. */
  readonly to: string | undefined;
  /** `YYYY-MM-DD` (UTC). */
  readonly expiry: string;
  readonly daysLeft: number;
  /** Why it cannot be sent (no address, account locked or expired), `undefined` when it can. */
  readonly blocked: string | undefined;
  /** Its claim says it was sent (or is being sent) already. */
  readonly alreadySent: boolean;
}

/** Users searched that need no reminder now, by reason. */
export interface PlanCounts {
  readonly users: number;
  /** Further away than the largest lead time. */
  readonly notDue: number;
  /** Password already expired: never reminded (the reminder is about changing it in time). */
  readonly expired: number;
  /** No max age applies, or `shadowLastChange` is 0 (must change at next login), or unreadable dates. */
  readonly noExpiry: number;
}

export interface Plan {
  readonly now: Date;
  readonly today: number;
  readonly leadDays: readonly number[];
  /** Most urgent first. */
  readonly reminders: readonly Reminder[];
  readonly counts: PlanCounts;
}

const USER_ATTRIBUTES = ["uid", "cn", "shadowLastChange", "shadowMax", "shadowExpire", "pwdChangedTime", "pwdPolicySubentry", "pwdAccountLockedTime"];

export class Planner {
  readonly #policies = new Map<string, Promise<number | undefined>>();

  constructor(
    private readonly directory: Directory,
    private readonly config: PasswordExpiryConfig,
    private readonly ldapBase: string,
    private readonly claims: Claims,
  ) {}

  async plan(now: Date): Promise<Plan> {
    const today = dayNumber(now);
    const sent = await this.#taken();
    const reminders: Reminder[] = [];
    const counts = { users: 0, notDue: 0, expired: 0, noExpiry: 0 };
    const search = {
      base: this.config.userBase ?? this.ldapBase,
      scope: "sub" as const,
      filter: `(&${this.config.userFilter}(|(shadowLastChange=*)(pwdChangedTime=*)))`,
      attributes: [...USER_ATTRIBUTES, this.config.mailAttribute],
    };
    for await (const user of this.directory.search(search)) {
      counts.users += 1;
      const policyDn = user.has("pwdChangedTime") ? (user.first("pwdPolicySubentry") ?? this.config.policyDn) : undefined;
      const expiry = expiryOf(user, { policySeconds: policyDn === undefined ? undefined : await this.#policyMaxAge(policyDn), configuredDays: this.config.maxAgeDays });
      if (expiry.kind !== "expires") {
        counts.noExpiry += 1;
        continue;
      }
      const daysLeft = expiry.day - today;
      if (daysLeft < 0) {
        counts.expired += 1;
        continue;
      }
      const leadDays = leadFor(daysLeft, this.config.leadDays);
      if (leadDays === undefined) {
        counts.notDue += 1;
        continue;
      }
      const uid = user.first("uid") ?? user.dn;
      const to = user.values(this.config.mailAttribute).map(cleanAddressValue).find(isValidAddress);
      const key: MarkerKey = { dn: user.dn, uid, expiryDay: expiry.day, leadDays };
      reminders.push({
        ...key,
        name: user.first("cn") ?? uid,
        to,
        expiry: isoDay(expiry.day),
        daysLeft,
        blocked: blockedReason(user.has("pwdAccountLockedTime"), user.first("shadowExpire"), today, to, this.config.mailAttribute),
        alreadySent: sent.has(markerName(key)),
      });
    }
    reminders.sort((a, b) => a.daysLeft - b.daysLeft || a.dn.localeCompare(b.dn));
    return { now, today, leadDays: this.config.leadDays, reminders, counts };
  }

  /** Keys of the reminders sent or being sent (a claim that cannot be taken now), lower case. */
  async #taken(): Promise<Set<string>> {
    const taken = new Set<string>();
    for await (const claim of this.claims.list()) if (!claim.available) taken.add(claim.key.toLowerCase());
    return taken;
  }

  /** `pwdMaxAge` (seconds) of a ppolicy entry, read once per plan; `undefined` when unreadable. */
  #policyMaxAge(dn: string): Promise<number | undefined> {
    let maxAge = this.#policies.get(dn.toLowerCase());
    if (maxAge === undefined) {
      maxAge = this.directory.read(dn, ["pwdMaxAge"]).then(
        (entry) => {
          const value = entry?.first("pwdMaxAge")?.trim();
          return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
        },
        () => undefined,
      );
      this.#policies.set(dn.toLowerCase(), maxAge);
    }
    return maxAge;
  }
}

function blockedReason(locked: boolean, shadowExpire: string | undefined, today: number, to: string | undefined, mailAttribute: string): string | undefined {
  if (locked) return "account locked (pwdAccountLockedTime)";
  const accountEnd = shadowExpire === undefined || !/^\d+$/.test(shadowExpire.trim()) ? undefined : Number(shadowExpire);
  if (accountEnd !== undefined && accountEnd > 0 && accountEnd <= today) return `account expired on ${isoDay(accountEnd)} (shadowExpire)`;
  if (to === undefined) return `no usable ${mailAttribute} address`;
  return undefined;
}
