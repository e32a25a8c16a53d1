import test from "ava";
import { readSchedules, scheduleKey } from "./schedule-config.js";

test("SCHEDULE_<SEGMENT> keys map to served segments, upper-cased", (t) => {
  t.is(scheduleKey("lifeCycle"), "SCHEDULE_LIFECYCLE");
  t.is(scheduleKey("my-task"), "SCHEDULE_MY_TASK");
  const { schedules, problems } = readSchedules({ SCHEDULE_MAIL: "*/2 * * * * *", SCHEDULE_LIFECYCLE: " 0 3 * * * ", SCHEDULE_REMINDER: "", OTHER: "x" }, ["mail", "lifeCycle", "reminder"], "UTC");
  t.deepEqual(problems, []);
  t.deepEqual(schedules.map((schedule) => [schedule.key, schedule.segment, schedule.expression]).sort(), [
    ["SCHEDULE_LIFECYCLE", "lifeCycle", "0 3 * * *"],
    ["SCHEDULE_MAIL", "mail", "*/2 * * * * *"],
  ]);
  const daily = schedules.find((schedule) => schedule.segment === "lifeCycle");
  t.is(daily?.calendar.nextRun(new Date("2026-11-28T10:00:00Z"))?.toISOString(), "2026-11-29T03:00:00.000Z");
});

test("every problem is named by its key: unknown segment, bad expression, wrong field count, unknown zone", (t) => {
  const { problems } = readSchedules({ SCHEDULE_NOPE: "0 3 * * *", SCHEDULE_MAIL: "61 * * * *", SCHEDULE_AUDIT: "0 0 3 * * * 2027" }, ["mail", "audit"], "Mars/Olympus");
  t.deepEqual(problems.map((problem) => problem.key).sort(), ["SCHEDULER_TIMEZONE", "SCHEDULE_AUDIT", "SCHEDULE_MAIL", "SCHEDULE_NOPE"]);
  t.true(problems.every((problem) => problem.message.startsWith(problem.key)));
});
