import { defineTaskType, type TaskTypeDefinition } from "@fdo/sdk";
import test from "ava";
import { TaskTypeRegistry } from "./task-type-registry.js";

const noop = async () => ({ summary: { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0, durationMs: 0 }, results: new Map() });
const taskType = (segment: string, granularTypes: string[]): TaskTypeDefinition => defineTaskType({ segment, granularTypes, deps: {}, run: noop });
const mail = taskType("mail", ["Mail Object", "mail"]);
const lifeCycle = taskType("lifeCycle", ["Life Cycle", "lifeCycle"]);
const reserved = new Set(["removesubtasks"]);

function registryWith(...taskTypes: TaskTypeDefinition[]): TaskTypeRegistry {
  const registry = new TaskTypeRegistry();
  for (const definition of taskTypes) registry.register({ pluginId: definition.segment, definition, run: noop });
  return registry;
}

test("segments are found case-insensitively, granular types exactly", (t) => {
  const registry = registryWith(mail, lifeCycle);
  t.is(registry.find("LIFECYCLE")?.definition, lifeCycle);
  t.is(registry.find("Mail")?.definition, mail);
  t.is(registry.findByGranularType("Life Cycle")?.definition, lifeCycle);
  t.is(registry.findByGranularType("life cycle"), undefined);
  t.deepEqual(
    registry.list().map((entry) => entry.definition.segment),
    ["mail", "lifeCycle"],
  );
});

test("names that exist on every object never resolve to anything", (t) => {
  const registry = registryWith(mail);
  for (const name of ["constructor", "Constructor", "__proto__", "toString", "hasOwnProperty", "prototype"]) {
    t.is(registry.find(name), undefined, name);
  }
});

test("a plugin claiming a taken segment, granular type or reserved segment is refused as a whole", (t) => {
  const registry = registryWith(mail);
  const clash = (taskTypes: TaskTypeDefinition[]) => t.throws(() => registry.assertAvailable("other", taskTypes, reserved));
  t.is((clash([{ ...lifeCycle }, taskType("MAIL", ["x"])]) as { code?: string }).code, "FDO_ERR_PLUGIN_DUPLICATE_TASK_TYPE");
  t.regex(clash([taskType("other", ["Mail Object"])])?.message ?? "", /"Mail Object" is already handled by mail/);
  t.regex(clash([taskType("removeSubTasks", ["y"])])?.message ?? "", /already served by the host/);
  t.regex(clash([lifeCycle, taskType("lifecycle", ["z"])])?.message ?? "", /already served by other/);
  t.notThrows(() => registry.assertAvailable("other", [lifeCycle], reserved));
  t.is(registry.find("lifeCycle"), undefined, "checking never registers");
});

test("a task type without FusionDirectory subtasks takes its segment and no granular type", (t) => {
  const registry = registryWith(mail, defineTaskType({ segment: "passwordExpiry", deps: {}, run: noop }));
  t.is(registry.find("passwordexpiry")?.definition.segment, "passwordExpiry");
  t.notThrows(() => registry.assertAvailable("other", [defineTaskType({ segment: "another", deps: {}, run: noop })], reserved));
  t.is(registry.findByGranularType("passwordExpiry"), undefined);
});
