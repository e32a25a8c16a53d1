// Which FusionDirectory generation wrote a task entry, and what that means for "nothing to do".
import test from "ava";
import { mainTaskGeneration, nothingToDoTreatment, subtaskGeneration } from "./generation.js";

const entry = (values: Record<string, string>) => ({ first: (name: string) => values[name] });

test("FD 1.5's capitalised subtask types are 1.5, FD 1.6's lower camel case ones 1.6", (t) => {
  for (const type of ["Mail Object", "Life Cycle", "Notifications", "Reminder", "Audit"]) t.is(subtaskGeneration(type), "1.5", type);
  for (const type of ["mail", "lifeCycle", "notifications", "reminder", "audit", "auditSyslog", "archive", "extract", "export", "automaticGroups"]) t.is(subtaskGeneration(type), "1.6", type);
});

test("a main task with a zoned schedule or a last activation is 1.6; FD 1.5's wall time is 1.5", (t) => {
  t.is(mainTaskGeneration(entry({ fdTasksScheduleDate: "20261101090000" })), "1.5");
  t.is(mainTaskGeneration(entry({})), "1.5");
  t.is(mainTaskGeneration(entry({ fdTasksScheduleDate: "20261120080000Z" })), "1.6");
  t.is(mainTaskGeneration(entry({ fdTasksScheduleDate: "2026112008+0100" })), "1.6");
  t.is(mainTaskGeneration(entry({ fdTasksScheduleDate: "20261101090000", fdTasksLastActivation: "20261101090000Z" })), "1.6");
});

test("nothing to do deletes FD 1.5 subtasks and sets FD 1.6 ones to 3, unless one treatment is forced", (t) => {
  t.is(nothingToDoTreatment("Life Cycle"), "delete");
  t.is(nothingToDoTreatment("lifeCycle"), "status");
  t.is(nothingToDoTreatment("Life Cycle", "status"), "status");
  t.is(nothingToDoTreatment("lifeCycle", "delete"), "delete");
});
