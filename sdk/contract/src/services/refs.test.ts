import test from "ava";
import { field } from "../config/field.js";
import { isServiceRef, pluginConfigRef, services } from "./refs.js";

test("every service has its own stable id", (t) => {
  const ids = Object.values(services).map((ref) => ref.id);
  t.is(new Set(ids).size, ids.length);
  t.is(services.outbox.id, "fdo.outbox");
});

test("the typed plugin-config reference is the host's plugin-config service", (t) => {
  const schema = { retries: field.integer({ key: "PROBE_RETRIES", description: "retries", default: 3 }) };
  t.is(pluginConfigRef(schema).id, services.pluginConfig.id);
});

test("references are recognised by a registry-wide brand (another SDK copy's too), and nothing else passes", (t) => {
  t.true(isServiceRef(services.clock));
  t.true(isServiceRef({ id: "fdo.clock", [Symbol.for("fdo.sdk.ServiceRef")]: true }), "made by another copy of the SDK");
  for (const value of [undefined, null, "fdo.clock", { id: "fdo.clock" }, { [Symbol.for("fdo.sdk.ServiceRef")]: true }, Symbol.for("fdo.sdk.Clock")]) {
    t.false(isServiceRef(value), String(typeof value));
  }
  t.true(Object.isFrozen(services.clock));
});
