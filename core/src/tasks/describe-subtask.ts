import type { Subtask } from "@fdo/sdk";
import { parseStatus } from "./subtask-status.js";

/**
 * A subtask as the listing shows it: where it stands, when it is due, what it targets, its last error and, when it
 * was refused for now, its attempts so far.
 */
export function describeSubtask(subtask: Subtask, now: Date): Record<string, unknown> {
  const state = parseStatus(subtask.status);
  const due = subtask.schedule !== undefined && subtask.schedule.getTime() <= now.getTime();
  const label = state.kind === "todo" || state.kind === "retry" ? (due ? "due" : "scheduled") : state.kind === "claimed" || state.kind === "sending" ? "running" : state.kind;
  const target = subtask.entry.values("fdTasksGranularMail")[0] ?? subtask.entry.first("fdTasksGranularDN");
  return {
    dn: subtask.dn,
    cn: subtask.cn,
    type: subtask.type,
    main: subtask.masterDn,
    status: subtask.status,
    state: label,
    schedule: subtask.schedule?.toISOString() ?? null,
    ...(target === undefined ? {} : { target }),
    ...(state.kind === "failed" || state.kind === "unknown" || state.kind === "retry" ? { error: state.error } : {}),
    ...(state.kind === "retry" ? { attempts: state.attempts } : {}),
  };
}
