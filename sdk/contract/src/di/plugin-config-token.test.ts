import test from "ava";
import { field } from "../config/field.js";
import { pluginConfigToken } from "./plugin-config-token.js";
import { TOKENS } from "./tokens.js";

test("the typed plugin-config token is the PluginConfig token the host registers", (t) => {
  const schema = { retries: field.integer({ key: "PROBE_RETRIES", description: "retries", default: 3 }) };
  const token = pluginConfigToken(schema);
  t.is(token as symbol, TOKENS.PluginConfig as symbol);
  t.is(token as symbol, Symbol.for("fdo.sdk.PluginConfig"));
});
