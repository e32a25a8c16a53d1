// BindPool against a real throwaway slapd: password checks on reused connections, bounded concurrency, surviving a
// slapd restart, and failures (timeouts, closed pool) that free their connection and never show the password.
import { isOrchestratorError } from "@fdo/sdk";
import type { TestSlapd } from "@fdo/testing";
import { startSlapd } from "@fdo/testing";
import type { ExecutionContext } from "ava";
import test from "ava";
import { BindPool, type BindPoolOptions } from "../core/src/ldap/bind-pool.js";
import { silentServer } from "./support/silent-server.js";

let slapd: TestSlapd;

test.before(async () => {
  slapd = await startSlapd({ demoData: false });
});

test.after.always(async () => {
  await slapd?.destroy();
});

function pool(t: ExecutionContext, overrides: Partial<BindPoolOptions> = {}): BindPool {
  const created = new BindPool({ url: slapd.url, timeoutMs: 5_000, size: 4, idleMs: 60_000, ...overrides });
  t.teardown(() => created.close());
  return created;
}

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return isOrchestratorError(error) ? { code: error.code, message: error.message } : { code: `not an OrchestratorError: ${String(error)}`, message: "" };
  }
  return { code: "resolved", message: "" };
}

test("right password true, wrong password and unknown DN false, all on one reused connection", async (t) => {
  const binds = pool(t);
  t.true(await binds.verify(slapd.serviceDn, slapd.servicePassword));
  t.false(await binds.verify(slapd.serviceDn, "not-the-password"));
  t.false(await binds.verify(`cn=nobody,${slapd.baseDn}`, "whatever"));
  // A refused bind leaves the connection anonymous; the next check binds it again.
  t.true(await binds.verify(slapd.serviceDn, slapd.servicePassword));
  t.is(binds.openCount, 1);
});

test("concurrent checks share at most `size` connections and each gets its own answer", async (t) => {
  const binds = pool(t, { size: 3 });
  const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => binds.verify(slapd.serviceDn, index % 2 === 0 ? slapd.servicePassword : `wrong-${index}`)));
  t.deepEqual(
    answers,
    Array.from({ length: 20 }, (_, index) => index % 2 === 0),
  );
  t.is(binds.openCount, 3);
});

test("connections that died with a slapd restart are replaced: checks answer again once it is back", async (t) => {
  const server = await startSlapd({ demoData: false });
  t.teardown(() => server.destroy());
  const binds = new BindPool({ url: server.url, timeoutMs: 5_000, size: 2, idleMs: 60_000 });
  t.teardown(() => binds.close());
  await Promise.all([binds.verify(server.serviceDn, server.servicePassword), binds.verify(server.serviceDn, server.servicePassword)]);
  t.is(binds.openCount, 2);

  await server.stop();
  const down = await failureOf(binds.verify(server.serviceDn, server.servicePassword));
  t.is(down.code, "FDO_ERR_LDAP_UNAVAILABLE");
  t.false(down.message.includes(server.servicePassword));

  await server.start();
  t.true(await binds.verify(server.serviceDn, server.servicePassword));
  t.false(await binds.verify(server.serviceDn, "not-the-password"));
});

test("a server that never answers: the check times out unavailable and frees its connection for the next one", async (t) => {
  const { port, sockets } = await silentServer(t);
  const binds = pool(t, { url: `ldap://127.0.0.1:${port}`, timeoutMs: 200, size: 1 });
  const secret = "secret-that-must-not-leak";
  // With one connection, the second check can only run once the first has given its connection up.
  const [first, second] = await Promise.all([failureOf(binds.verify("cn=x", secret)), failureOf(binds.verify("cn=y", secret))]);
  t.is(first.code, "FDO_ERR_LDAP_UNAVAILABLE");
  t.is(second.code, "FDO_ERR_LDAP_UNAVAILABLE");
  t.false(first.message.includes(secret) || second.message.includes(secret));
  t.is(sockets.size, 2);
});

test("after close() checks fail unavailable and no connection stays open", async (t) => {
  const binds = pool(t);
  t.true(await binds.verify(slapd.serviceDn, slapd.servicePassword));
  await binds.close();
  t.is(binds.openCount, 0);
  t.is((await failureOf(binds.verify(slapd.serviceDn, slapd.servicePassword))).code, "FDO_ERR_LDAP_UNAVAILABLE");
});
