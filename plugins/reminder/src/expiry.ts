// Decides whether a user is due for a reminder: SupAnn mode (the watched resource state and its end date) and/or
// POSIX mode (shadowExpire), after skipping accounts that are already locked or expired.
import {
  type CalendarDate,
  dateOfDayNumber,
  dayNumber,
  daysBetween,
  formatIsoDate,
  formatSupannState,
  isSupannLockSubState,
  matchesSupannState,
  parseYmd,
  SUPANN_ACCOUNT_RESOURCE,
  type SupannTarget,
  todayIn,
} from "@fdo/fusiondirectory";
import { currentStates, datedValueFor, MATCH } from "./supann.js";

/** What is watched, and the reminder window of this subtask (its `fdTasksGranularHelper`). */
export interface Watch {
  readonly supann: SupannTarget | undefined;
  readonly posix: boolean;
  readonly helperDays: number;
}

/** The user attributes the decision reads. */
export interface UserExpiryData {
  readonly supannRessourceEtat: readonly string[];
  readonly supannRessourceEtatDate: readonly string[];
  readonly shadowExpire: string | undefined;
}

/** Upstream's (FD 1.6 orchestrator) texts for "nothing to do", plus two for the skips it did not make. */
export const MESSAGES = {
  noTrigger: "No reminder triggers were found, nothing to process!",
  notDue: "Account not about to expire, nothing to process!",
  posixNotDue: "Posix account not about to expire, nothing to process!",
  locked: "Account is locked, nothing to process!",
  expired: "Account already expired, nothing to process!",
} as const;

export type Verdict =
  | {
      readonly due: true;
      readonly source: "supann" | "posix";
      readonly end: CalendarDate;
      readonly daysLeft: number;
      /** Why it is due, for reports. */
      readonly reason: string;
    }
  | {
      readonly due: false;
      /** One of {@link MESSAGES}. */
      readonly message: string;
      /** The precise reason, for reports. */
      readonly reason: string;
    };

interface Check {
  readonly kind: "due" | "expired" | "notDue";
  readonly reason: string;
  readonly end?: CalendarDate;
  readonly daysLeft?: number;
}

const plural = (count: number, word: string) => `${count} ${word}${Math.abs(count) === 1 ? "" : "s"}`;

function window(helperDays: number): string {
  return `this reminder is sent ${plural(helperDays, "day")} or less before the end`;
}

function checkSupann(target: SupannTarget, user: UserExpiryData, today: CalendarDate, helperDays: number): Check {
  const label = `{${target.resource}}`;
  const wanted = formatSupannState(target);
  const current = currentStates(user.supannRessourceEtat, user.supannRessourceEtatDate).get(target.resource.toLowerCase());
  if (current === undefined) return { kind: "notDue", reason: `no ${label} resource on the account` };
  if (!matchesSupannState(current, target, MATCH)) return { kind: "notDue", reason: `${label} is ${formatSupannState(current)}, not ${wanted}` };
  const dated = datedValueFor(user.supannRessourceEtatDate, target);
  if (dated === undefined || dated.end === "") return { kind: "notDue", reason: `${wanted} has no end date` };
  const endDate = parseYmd(dated.end);
  if (endDate === undefined) return { kind: "notDue", reason: `${label} has an unreadable end date ${JSON.stringify(dated.end)}` };
  const daysLeft = daysBetween(today, endDate);
  const end = formatIsoDate(endDate);
  // The account ends at the start of its end day, as the Life Cycle task sees it (upstream Reminder still reminded
  // on that day, while upstream Life Cycle was already closing the account).
  if (daysLeft <= 0) return { kind: "expired", reason: `${label} ended on ${end}${daysLeft === 0 ? " (today)" : `, ${plural(-daysLeft, "day")} ago`}` };
  const left = `${label} ends on ${end}, ${plural(daysLeft, "day")} left`;
  if (daysLeft > helperDays) return { kind: "notDue", reason: `${left}; ${window(helperDays)}` };
  return { kind: "due", reason: `${left} (reminder at ${plural(helperDays, "day")})`, end: endDate, daysLeft };
}

/** `shadowExpire` as a day number; `undefined` when absent, unreadable, or `<= 0` (no expiry, as pam_unix reads it). */
export function shadowExpireDay(value: string | undefined): number | undefined {
  const text = value?.trim() ?? "";
  if (!/^-?\d{1,7}$/.test(text)) return undefined;
  const day = Number(text);
  return day > 0 ? day : undefined;
}

function checkPosix(user: UserExpiryData, today: CalendarDate, helperDays: number): Check {
  const day = shadowExpireDay(user.shadowExpire);
  if (day === undefined) return { kind: "notDue", reason: "no shadowExpire: the POSIX account does not expire" };
  const end = dateOfDayNumber(day);
  const daysLeft = day - dayNumber(today);
  const left = `the POSIX account expires on ${formatIsoDate(end)} (shadowExpire ${day}), ${plural(daysLeft, "day")} left`;
  if (daysLeft > helperDays) return { kind: "notDue", reason: `${left}; ${window(helperDays)}` };
  return { kind: "due", reason: `${left} (reminder at ${plural(helperDays, "day")})`, end, daysLeft };
}

/**
 * The decision for one user at `now` (dates in `timeZone`, FusionDirectory's `fdTimezone`):
 * 1. an account locked in SupAnn (a `SupannVerrou*` sub-state on `{COMPTE}` or on the watched resource) or whose
 *    `shadowExpire` day has come (login is refused from that day on) is skipped, and so is one whose watched SupAnn
 *    end day has come (the Life Cycle task closes it that day);
 * 2. otherwise it is due when a watched end day is 1..helper days away, the nearest one counting.
 */
export function decide(watch: Watch, user: UserExpiryData, now: Date, timeZone: string): Verdict {
  const today = todayIn(now, timeZone);

  const states = currentStates(user.supannRessourceEtat, user.supannRessourceEtatDate);
  const lockable = [SUPANN_ACCOUNT_RESOURCE, ...(watch.supann === undefined ? [] : [watch.supann.resource])];
  for (const resource of lockable) {
    const state = states.get(resource.toLowerCase());
    if (state !== undefined && isSupannLockSubState(state.subState)) return { due: false, message: MESSAGES.locked, reason: `the account is locked: ${formatSupannState(state)}` };
  }
  const shadowDay = shadowExpireDay(user.shadowExpire);
  if (shadowDay !== undefined && shadowDay <= dayNumber(today)) {
    return { due: false, message: MESSAGES.expired, reason: `the POSIX account expired on ${formatIsoDate(dateOfDayNumber(shadowDay))} (shadowExpire ${shadowDay})` };
  }

  if (watch.supann === undefined && !watch.posix) {
    return { due: false, message: MESSAGES.noTrigger, reason: "the task watches neither a SupAnn resource (fdTasksReminderResource is NONE) nor shadowExpire (fdTasksReminderPosix is not TRUE)" };
  }
  const checks: Array<Check & { source: "supann" | "posix" }> = [];
  if (watch.supann !== undefined) checks.push({ ...checkSupann(watch.supann, user, today, watch.helperDays), source: "supann" });
  if (watch.posix) checks.push({ ...checkPosix(user, today, watch.helperDays), source: "posix" });

  const expired = checks.find((check) => check.kind === "expired");
  if (expired !== undefined) return { due: false, message: MESSAGES.expired, reason: expired.reason };
  const due = checks.filter((check) => check.kind === "due").sort((a, b) => (a.daysLeft ?? 0) - (b.daysLeft ?? 0))[0];
  if (due?.end !== undefined && due.daysLeft !== undefined) return { due: true, source: due.source, end: due.end, daysLeft: due.daysLeft, reason: due.reason };
  return {
    due: false,
    message: watch.supann === undefined ? MESSAGES.posixNotDue : MESSAGES.notDue,
    reason: checks.map((check) => check.reason).join("; "),
  };
}
