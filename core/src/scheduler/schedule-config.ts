import { Cron } from "croner";
import type { ConfigProblem, RawConfig } from "../config/validate-config.js";

/** Configuration keys `SCHEDULE_<SEGMENT>` name a task type's schedule. */
export const SCHEDULE_KEY_PREFIX = "SCHEDULE_";

/** One scheduled task type: its key, the segment it runs and the parsed expression (a paused croner job: a calendar). */
export interface Schedule {
  readonly key: string;
  readonly segment: string;
  readonly expression: string;
  readonly calendar: Cron;
}

/** `SCHEDULE_<SEGMENT>`: the segment upper-cased, any character not allowed in a key as `_`. */
export function scheduleKey(segment: string): string {
  return `${SCHEDULE_KEY_PREFIX}${segment.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}`;
}

function timezoneProblem(timezone: string | undefined): ConfigProblem | undefined {
  if (timezone === undefined) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return undefined;
  } catch {
    return { key: "SCHEDULER_TIMEZONE", message: `SCHEDULER_TIMEZONE is not a time zone this system knows (got "${timezone}")` };
  }
}

/**
 * Reads every `SCHEDULE_*` key: each must name a segment that is served (`segments`) and hold a cron expression of
 * 5 fields (or 6, seconds first), read in `timezone` (default the process's zone). Returns every problem at once.
 */
export function readSchedules(raw: RawConfig, segments: readonly string[], timezone: string | undefined): { readonly schedules: readonly Schedule[]; readonly problems: readonly ConfigProblem[] } {
  const byKey = new Map(segments.map((segment) => [scheduleKey(segment), segment]));
  const zone = timezoneProblem(timezone);
  const problems: ConfigProblem[] = zone === undefined ? [] : [zone];
  const schedules: Schedule[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const expression = value?.trim() ?? "";
    if (!key.startsWith(SCHEDULE_KEY_PREFIX) || expression === "") continue;
    const segment = byKey.get(key);
    if (segment === undefined) {
      problems.push({ key, message: `${key} schedules a task type no loaded plugin serves (served: ${[...byKey.keys()].join(", ") || "none"})` });
      continue;
    }
    try {
      const calendar = new Cron(expression, { paused: true, mode: "5-or-6-parts", ...(zone === undefined && timezone !== undefined ? { timezone } : {}) });
      schedules.push({ key, segment, expression, calendar });
    } catch (error) {
      problems.push({ key, message: `${key} is not a cron expression of 5 fields, or 6 with seconds first (${(error as Error).message}; got "${expression}")` });
    }
  }
  return { schedules, problems };
}
