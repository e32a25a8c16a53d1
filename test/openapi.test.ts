import path from "node:path";
import { startTestHost } from "@fdo/testing";
import test from "ava";

test("the OpenAPI document describes the host's routes, the loaded task types and plugin routes", async (t) => {
  const host = await startTestHost({ plugins: [path.resolve("test/fixtures/plugins/echo")], config: { HTTP_BASE_PATH: "/orchestrator" } });
  t.teardown(() => host.stop());
  const response = await host.request("GET", "/api/openapi.json", { auth: false });
  t.is(response.status, 200);
  const doc = response.body as {
    openapi: string;
    info: { version: string };
    servers: Array<{ url: string }>;
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  };
  t.is(doc.openapi, "3.1.0");
  t.regex(doc.info.version, /^\d+\.\d+\.\d+/);
  t.deepEqual(doc.servers, [{ url: "/orchestrator" }]);
  for (const route of ["/api/login", "/api/refresh", "/api/logout", "/api/tasks/", "/api/tasks/removeSubTasks", "/health/ready"]) t.truthy(doc.paths[route], route);
  t.deepEqual(doc.paths["/api/login"]?.["post"]?.["security"], []);
  t.deepEqual(doc.paths["/api/tasks/echo"]?.["patch"]?.["security"], [{ bearer: [] }]);
  t.regex(String(doc.paths["/api/tasks/echo"]?.["patch"]?.["description"]), /Echo Object, echo/);
  t.truthy(doc.paths["/api/tasks/echo"]?.["get"]);
  t.truthy(doc.paths["/api/plugins/echo/echo/{word}"]?.["post"]);
  t.deepEqual(doc.paths["/api/plugins/echo/info"]?.["get"]?.["security"], []);
  t.deepEqual(doc.paths["/api/plugins/echo/secret"]?.["get"]?.["security"], [{ bearer: [] }]);
  t.truthy(doc.components.schemas["Error"]);
  t.truthy(doc.components.securitySchemes["bearer"]);
  // Every $ref points at a schema that exists.
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/g)].map((match) => match[1] as string);
  t.true(refs.length > 0);
  for (const ref of refs) t.truthy(doc.components.schemas[ref], ref);
});
