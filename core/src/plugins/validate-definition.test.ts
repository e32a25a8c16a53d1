import { definePlugin, defineTaskType } from "@fdo/sdk";
import test from "ava";
import { validateDefinition } from "./validate-definition.js";

const manifest = { apiVersion: 2, id: "probe", entry: "dist/index.js", sdk: "^2.0.0" };
const plugin = (bodyKeys: unknown) =>
  definePlugin({
    id: "probe",
    version: "1.0.0",
    sdk: "^2.0.0",
    taskTypes: [
      defineTaskType({
        segment: "probe",
        granularTypes: ["probe"],
        bodyKeys: bodyKeys as readonly string[],
        deps: {},
        run: async () => ({ summary: { eligible: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0, durationMs: 0 }, results: new Map() }),
      }),
    ],
  });

test("a task type's bodyKeys are a list of key names, when given", (t) => {
  for (const bodyKeys of [undefined, [], ["type"], ["path", "filename"]]) t.notThrows(() => validateDefinition(plugin(bodyKeys), manifest, new Set()), JSON.stringify(bodyKeys));
  for (const bodyKeys of ["type", [""], [1], {}]) {
    t.throws(
      () => validateDefinition(plugin(bodyKeys), manifest, new Set()),
      { code: "FDO_ERR_PLUGIN_DEFINITION_INVALID", message: /taskTypes\[0\]\.bodyKeys must be a list of body key names/ },
      JSON.stringify(bodyKeys),
    );
  }
});
