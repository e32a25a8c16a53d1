import { parseFdDateTime, parseFdSchedule } from "@fdo/fusiondirectory";
import { isPeriodElapsed, KNOWN_SCHEDULES, parseRepeatSchedule } from "./cyclic-period.js";

/** The attributes of a repeatable main task that decide whether it is re-activated. */
export interface CyclicTaskFields {
  /** `fdTasksRepeatableSchedule`. */
  readonly repeatSchedule: string | undefined;
  /** `fdTasksScheduleDate`: the first activation, FD wall time (`YmdHis`) or GeneralizedTime. */
  readonly scheduleDate: string | undefined;
  /** `fdTasksLastActivation` (newest FD) or else `fdTasksLastExec`: when FD last generated subtasks. */
  readonly lastActivation: string | undefined;
}

/** What `activateCyclicTasks` does with one task. */
export type ActivationDecision = { readonly kind: "activate" } | { readonly kind: "before-schedule" } | { readonly kind: "not-due" } | { readonly kind: "invalid"; readonly error: string };

/**
 * Upstream's order of checks, with its gaps closed: the start schedule first (in the future → wait), then never
 * activated → activate, then whether a whole period has passed since the last activation (calendar periods in
 * FusionDirectory's zone). Values that upstream choked on (unknown schedule, unreadable dates) are reported.
 */
export function decideActivation(task: CyclicTaskFields, now: Date, timeZone: string): ActivationDecision {
  const period = parseRepeatSchedule(task.repeatSchedule);
  if (period === undefined) {
    const found = task.repeatSchedule === undefined ? "no fdTasksRepeatableSchedule" : `fdTasksRepeatableSchedule '${task.repeatSchedule}'`;
    return { kind: "invalid", error: `Cannot activate: ${found}; expected ${KNOWN_SCHEDULES}.` };
  }
  // Without a start date there is nothing to wait for (FusionDirectory always writes one).
  if (task.scheduleDate !== undefined) {
    const start = parseFdSchedule(task.scheduleDate, timeZone);
    if (start === undefined) return { kind: "invalid", error: `Cannot activate: fdTasksScheduleDate '${task.scheduleDate}' is not a date.` };
    if (start.getTime() > now.getTime()) return { kind: "before-schedule" };
  }
  if (task.lastActivation === undefined) return { kind: "activate" };
  const last = parseFdDateTime(task.lastActivation, timeZone);
  if (last === undefined) return { kind: "invalid", error: `Cannot activate: last activation '${task.lastActivation}' is not a date.` };
  return isPeriodElapsed(last, period, timeZone, now) ? { kind: "activate" } : { kind: "not-due" };
}
