// A plugin bundles or installs its own copy of @fdo/sdk: errors it throws are instances of that copy's classes, not
// the core's, and must still become their `{code, message}` response.
import type { AddressInfo } from "node:net";
import * as coreSdk from "@fdo/sdk";
import test from "ava";
import Koa from "koa";
import { errorHandler } from "./error-handler.js";

const silent: coreSdk.Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** A second, separate instance of the SDK module: the same built file under another URL. */
async function secondSdkCopy(): Promise<typeof coreSdk> {
  return (await import(`${import.meta.resolve("@fdo/sdk")}?second-copy`)) as typeof coreSdk;
}

async function answer(thrown: unknown): Promise<{ status: number; body: unknown }> {
  const app = new Koa();
  app.use(errorHandler(silent));
  app.use(() => {
    throw thrown;
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { status: response.status, body: await response.json() };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test("an error defined with another SDK copy keeps its code, status and message", async (t) => {
  const foreign = await secondSdkCopy();
  t.not(foreign.OrchestratorError, coreSdk.OrchestratorError);
  const EchoBroken = foreign.defineError("FDO_ERR_ECHO_BROKEN", 422, "echo broke");
  t.deepEqual(await answer(new EchoBroken("the echo is broken")), { status: 422, body: { code: "FDO_ERR_ECHO_BROKEN", message: "the echo is broken" } });
});

test("a host-defined error thrown from another SDK copy keeps its code, status and generic 5xx message", async (t) => {
  const foreign = await secondSdkCopy();
  const error = new foreign.LdapUnavailableError("ldap://10.0.0.1:389 refused the bind of cn=secret");
  t.true(coreSdk.isOrchestratorError(error));
  t.true(error instanceof coreSdk.LdapUnavailableError);
  t.deepEqual(await answer(error), { status: 503, body: { code: "FDO_ERR_LDAP_UNAVAILABLE", message: "directory unavailable" } });
});

test("anything else is still a generic 500", async (t) => {
  t.deepEqual(await answer(Object.assign(new Error("x"), { code: "FDO_ERR_FAKE", status: 400 })), { status: 500, body: { code: "FDO_ERR_INTERNAL", message: "internal error" } });
});
