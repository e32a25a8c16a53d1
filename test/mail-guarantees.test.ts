import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createHost, loadConfig } from "@fdo/core";
import { memoryLogger, sandboxConfig, startSlapd, startSmtpSink, startTestHost, TestClock } from "@fdo/testing";
import test from "ava";
import { LdapDirectory } from "../core/src/ldap/ldap-directory.js";
import { startCli } from "./support/run-cli.js";
import { scratchDir } from "./support/scratch-dir.js";

const MAIL_PLUGIN = path.resolve("plugins/mail");
const CONFIG_DN = "cn=config,ou=fusiondirectory,dc=example,dc=org";
const DEMO_RECIPIENTS = ["alice.martin@example.org", "erin.lefevre@example.org", "grace.roux@example.org", "bob.durand@example.org", "carol.petit@example.org"];

test("two concurrent mail runs send every mail exactly once", async (t) => {
  const host = await startTestHost({ plugins: [MAIL_PLUGIN] });
  t.teardown(() => host.stop());
  // Without the interval gate both runs proceed, so only the subtask claims stand between them and duplicates.
  await host.ldap.modify(CONFIG_DN, [{ operation: "replace", attribute: "fdTasksConfIntervalEmails", values: ["0"] }]);
  const responses = await Promise.all([1, 2, 3].map(() => host.request("PATCH", "/api/tasks/mail")));
  t.true(responses.every((response) => response.status === 200));
  const recipients = host.smtp.messages.flatMap((message) => message.envelope.to.filter((to) => !to.startsWith("archive@")));
  t.deepEqual([...recipients].sort(), [...DEMO_RECIPIENTS].sort());
});

/** The first match of `pattern` in what the process writes to stdout; rejects if it exits first. */
function outputMatch(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match === null) return;
      child.stdout.off("data", onData);
      child.off("exit", onExit);
      resolve(match);
    };
    const onExit = (code: number | null) => reject(new Error(`the server exited (${code}) before printing ${pattern}`));
    child.stdout.on("data", onData);
    child.once("exit", onExit);
  });
}

test("a server killed while sending never sends that mail again: delivery unknown, left alone by restartFailedTasks unless includeUnknown", async (t) => {
  const slapd = await startSlapd();
  t.teardown(() => slapd.destroy());
  const sink = await startSmtpSink({ holdRecipients: ["grace.roux@example.org"] });
  t.teardown(() => sink.stop());
  const env = { ...sandboxConfig(slapd, sink), HTTP_PORT: "0", PLUGINS_BUILTIN: "FALSE", PLUGINS_DIR: path.dirname(MAIL_PLUGIN), PLUGINS_ENABLED: "mail", LOG_LEVEL: "info" };
  const file = path.join(await scratchDir(t, "fdo-kill"), "orchestrator.conf");
  await writeFile(
    file,
    Object.entries(env)
      .map(([key, value]) => `${key}="${value}"`)
      .join("\n"),
  );

  const server = startCli(["--config", file]);
  t.teardown(() => server.kill("SIGKILL"));
  const url = (await outputMatch(server, /"url":"(http:\/\/[^"]+)"/))[1] as string;
  const login = (await (await fetch(`${url}/api/login`, { method: "POST", body: JSON.stringify({ username: "orchestrator", password: "orchestrator-secret" }) })).json()) as { access_token: string };
  const run = fetch(`${url}/api/tasks/mail`, { method: "PATCH", headers: { authorization: `Bearer ${login.access_token}` } }).catch(() => undefined);

  const directory = new LdapDirectory({ url: slapd.url, bindDn: slapd.serviceDn, bindPassword: slapd.servicePassword, logger: memoryLogger().logger });
  t.teardown(() => directory.close());
  const grace = async () => {
    const entries = await directory.searchAll({ base: slapd.baseDn, filter: "(&(objectClass=fdTasksGranular)(fdTasksGranularMail=grace.roux@example.org))", attributes: ["fdTasksGranularStatus"] });
    return entries[0];
  };
  // Grace's mail is in the sink's hands, unanswered; the four others are delivered.
  await Promise.all([sink.waitForHeld(1, 30_000), sink.waitForMessages(4, 30_000)]);
  t.regex((await grace())?.first("fdTasksGranularStatus") ?? "", /^sending:/);
  server.kill("SIGKILL");
  await run;

  // A later run, after the dead run's lease has expired.
  const clock = new TestClock(new Date(Date.now() + 3600_000));
  const { logger } = memoryLogger();
  const rescue = await createHost({ config: await loadConfig({ file, env: {} }), logger, clock });
  t.teardown(() => rescue.stop());
  const url2 = await rescue.listen();
  const patch = (segment: string, body?: unknown) =>
    fetch(`${url2}/api/tasks/${segment}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${rescue.tokens.accessToken("orchestrator")}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const response = await patch("mail");
  t.is(response.status, 200);
  t.like(((await response.json()) as { summary: unknown }).summary, { unknown: 1 });
  const graceDn = (await grace())?.dn as string;
  t.regex((await grace())?.first("fdTasksGranularStatus") ?? "", /^delivery unknown: interrupted while sending/);
  t.is(sink.messages.length, 4, "nothing was sent again");
  t.is(sink.messages.filter((message) => message.envelope.to.includes("alice.martin@example.org")).length, 1);

  // The admin's restart of failed subtasks leaves it alone, says so, and the next run sends nothing.
  const restart = (await (await patch("restartFailedTasks")).json()) as { updated?: string[]; skippedUnknown?: { reason: string; subtasks: string[] } };
  t.false(restart.updated?.includes(graceDn) ?? false);
  t.deepEqual(restart.skippedUnknown?.subtasks, [graceDn]);
  t.regex(restart.skippedUnknown?.reason ?? "", /includeUnknown/);
  t.regex((await grace())?.first("fdTasksGranularStatus") ?? "", /^delivery unknown: /);
  await patch("mail");
  t.regex((await grace())?.first("fdTasksGranularStatus") ?? "", /^delivery unknown: /, "the run left it alone");
  // The restart put the demo's bounced mail back: that one goes out, nothing else.
  t.deepEqual(
    sink.messages.slice(4).map((message) => message.envelope.to.filter((to) => !to.startsWith("archive@"))),
    [["bounce@invalid.example"]],
  );

  // Only the explicit includeUnknown restarts it.
  const forced = (await (await patch("restartFailedTasks", { includeUnknown: true })).json()) as { updated?: string[]; skippedUnknown?: unknown };
  t.true(forced.updated?.includes(graceDn));
  t.is(forced.skippedUnknown, undefined);
  t.is((await grace())?.first("fdTasksGranularStatus"), "1");
});

test("the SMTP connection dropped after the message was handed over: delivery unknown, never sent twice", async (t) => {
  const host = await startTestHost({ plugins: [MAIL_PLUGIN], smtp: { dropAfterData: ["grace.roux@example.org"] }, config: { MAIL_TASK_CONCURRENCY: "1" } });
  t.teardown(() => host.stop());
  const first = (await host.request("PATCH", "/api/tasks/mail")).body as Record<string, { deliveryUnknown?: string }> & { summary: unknown };
  t.like(first.summary, { succeeded: 4, unknown: 1, failed: 0 });
  const [grace] = await host.ldap.searchAll({ base: host.slapd.baseDn, filter: "(&(objectClass=fdTasksGranular)(fdTasksGranularMail=grace.roux@example.org))", attributes: ["fdTasksGranularStatus"] });
  t.regex(grace?.first("fdTasksGranularStatus") ?? "", /^delivery unknown: Delivery unknown for grace\.roux@example\.org/);
  t.regex(first[grace?.dn as string]?.deliveryUnknown ?? "", /connection was lost after the message was handed over/);
  const graceMails = () => host.smtp.messages.filter((message) => message.envelope.to.includes("grace.roux@example.org")).length;
  t.is(graceMails(), 1, "the server stored it");

  const restart = (await host.request("PATCH", "/api/tasks/restartFailedTasks")).body as { skippedUnknown?: { subtasks: string[] } };
  t.deepEqual(restart.skippedUnknown?.subtasks, [grace?.dn]);
  host.clock.set("2026-11-28T12:00:00Z");
  await host.request("PATCH", "/api/tasks/mail");
  t.is(graceMails(), 1, "not sent again");
});

test("a burst of 451 replies is retried within the run, then by the next one: every mail delivered exactly once", async (t) => {
  // Four tries per message (three retries): the first message is refused four times and stays due, the second
  // twice and then goes out.
  const host = await startTestHost({ plugins: [MAIL_PLUGIN], smtp: { refuseFirst: 6 }, config: { MAIL_TASK_CONCURRENCY: "1" } });
  t.teardown(() => host.stop());
  const first = (await host.request("PATCH", "/api/tasks/mail")).body as { summary: unknown };
  t.like(first.summary, { processed: 5, succeeded: 4, skipped: 1, failed: 0 });
  t.is(host.smtp.refused, 6);
  const statuses = (await host.ldap.searchAll({ base: host.slapd.baseDn, filter: "(objectClass=fdTasksGranular)", attributes: ["fdTasksGranularStatus"] })).map(
    (entry) => entry.first("fdTasksGranularStatus") ?? "",
  );
  t.is(statuses.filter((status) => /^retry:1: 451 4\.3\.0/.test(status)).length, 1, "the refused one is due again with its attempt counted");

  host.clock.set("2026-11-28T12:00:00Z"); // past the demo's one-minute anti-spam interval
  const second = (await host.request("PATCH", "/api/tasks/mail")).body as { summary: unknown };
  t.like(second.summary, { processed: 1, succeeded: 1 });
  const recipients = host.smtp.messages.flatMap((message) => message.envelope.to.filter((to) => !to.startsWith("archive@")));
  t.deepEqual([...recipients].sort(), [...DEMO_RECIPIENTS].sort());
});

test("a mail still refused for now after TASKS_MAX_ATTEMPTS runs fails for good; a 5xx fails at once", async (t) => {
  const host = await startTestHost({ plugins: [MAIL_PLUGIN], smtp: { refuseFirst: 1000, rejectRecipients: ["bob.durand@example.org"] }, config: { TASKS_MAX_ATTEMPTS: "2" } });
  t.teardown(() => host.stop());
  await host.ldap.modify(CONFIG_DN, [{ operation: "replace", attribute: "fdTasksConfIntervalEmails", values: ["0"] }]);
  const first = (await host.request("PATCH", "/api/tasks/mail")).body as { summary: unknown };
  t.like(first.summary, { processed: 5, succeeded: 0, skipped: 4, failed: 1 }, "bob's 550 fails at once");
  const second = (await host.request("PATCH", "/api/tasks/mail")).body as Record<string, { Error?: string[] }> & { summary: unknown };
  t.like(second.summary, { processed: 4, failed: 4 });
  const statuses = (await host.ldap.searchAll({ base: host.slapd.baseDn, filter: "(objectClass=fdTasksGranular)", attributes: ["fdTasksGranularStatus"] })).map(
    (entry) => entry.first("fdTasksGranularStatus") ?? "",
  );
  t.is(statuses.filter((status) => /^451 4\.3\.0 .*\(still refused after 2 attempts\)$/.test(status)).length, 4);
  t.is(host.smtp.messages.length, 0);
  const third = (await host.request("PATCH", "/api/tasks/mail")).body as { summary: unknown };
  t.like(third.summary, { eligible: 0 });
});

test("a run that sends nothing leaves the anti-spam clock where it was; a run that sends moves it", async (t) => {
  const host = await startTestHost({ plugins: [MAIL_PLUGIN] });
  t.teardown(() => host.stop());
  const lastExec = async () => (await host.ldap.read(CONFIG_DN))?.first("fdTasksConfLastExecTime");
  const before = await lastExec();
  // Make every mail subtask not due yet: the run passes the interval gate but has nothing to send.
  host.clock.set("2026-10-01T00:00:00Z");
  const empty = await host.request("PATCH", "/api/tasks/mail");
  t.is(empty.status, 200);
  t.is(await lastExec(), before);
  host.clock.set("2026-11-28T10:00:00Z");
  await host.request("PATCH", "/api/tasks/mail");
  t.is(await lastExec(), String(Date.parse("2026-11-28T10:00:00Z") / 1000));
});

async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test("SMTP down: the subtasks fail with the transport error; restarted with SMTP back, each mail goes out once", async (t) => {
  const slapd = await startSlapd();
  t.teardown(() => slapd.destroy());
  const sink = await startSmtpSink();
  t.teardown(() => sink.stop());
  const base = { ...sandboxConfig(slapd, sink), HTTP_PORT: "0", PLUGINS_BUILTIN: "FALSE", PLUGINS_DIR: path.dirname(MAIL_PLUGIN), PLUGINS_ENABLED: "mail" };
  const hostWith = async (env: Record<string, string>) => {
    const host = await createHost({ config: await loadConfig({ file: "/dev/null", env }), logger: memoryLogger().logger, clock: new TestClock("2026-11-28T10:00:00Z") });
    t.teardown(() => host.stop());
    const url = await host.listen();
    return (path_: string) =>
      fetch(`${url}${path_}`, { method: "PATCH", headers: { authorization: `Bearer ${host.tokens.accessToken("orchestrator")}` } }).then(
        (response) => response.json() as Promise<Record<string, unknown>>,
      );
  };

  const down = await hostWith({ ...base, MAIL_PORT: String(await closedPort()) });
  const failedRun = await down("/api/tasks/mail");
  t.like(failedRun["summary"], { processed: 5, succeeded: 0, failed: 5 });
  t.is(sink.messages.length, 0);

  const up = await hostWith({ ...base, FUSIONDIRECTORY_WEBSERVICE_URL: "" });
  const restarted = (await up("/api/tasks/restartFailedTasks")) as { updated?: string[] };
  t.is(restarted.updated?.length, 7, "the 5 failed now, and the demo's bounced mail and failed audit subtask");
  await up("/api/tasks/mail");
  const recipients = sink.messages.flatMap((message) => message.envelope.to.filter((to) => !to.startsWith("archive@")));
  t.deepEqual([...recipients].sort(), [...DEMO_RECIPIENTS, "bounce@invalid.example"].sort());
  await up("/api/tasks/mail");
  t.is(sink.messages.length, 6);
});

test("the anti-spam cap holds across three concurrent runs on two instances; later runs send the rest, each mail once", async (t) => {
  const slapd = await startSlapd();
  t.teardown(() => slapd.destroy());
  const sink = await startSmtpSink();
  t.teardown(() => sink.stop());
  const env = { ...sandboxConfig(slapd, sink), HTTP_PORT: "0", PLUGINS_BUILTIN: "FALSE", PLUGINS_DIR: path.dirname(MAIL_PLUGIN), PLUGINS_ENABLED: "mail", FUSIONDIRECTORY_WEBSERVICE_URL: "" };
  const instance = async () => {
    const host = await createHost({ config: await loadConfig({ file: "/dev/null", env }), logger: memoryLogger().logger, clock: new TestClock("2026-11-28T10:00:00Z") });
    t.teardown(() => host.stop());
    const url = await host.listen();
    return () =>
      fetch(`${url}/api/tasks/mail`, { method: "PATCH", headers: { authorization: `Bearer ${host.tokens.accessToken("orchestrator")}` } }).then(
        (response) => response.json() as Promise<{ summary: { succeeded: number; eligible: number } }>,
      );
  };
  const [first, second] = [await instance(), await instance()];
  const directory = new LdapDirectory({ url: slapd.url, bindDn: slapd.serviceDn, bindPassword: slapd.servicePassword, logger: memoryLogger().logger });
  t.teardown(() => directory.close());
  // No interval: nothing but the shared window keeps concurrent runs within the cap.
  await directory.modify(CONFIG_DN, [
    { operation: "replace", attribute: "fdTasksConfIntervalEmails", values: ["0"] },
    { operation: "replace", attribute: "fdTasksConfMaxEmails", values: ["2"] },
  ]);

  await Promise.all([first(), second(), first()]);
  t.true(sink.messages.length <= 2, `${sink.messages.length} mails sent by three concurrent runs with a cap of 2`);
  t.true(sink.messages.length > 0);

  for (let run = 0; run < 10 && sink.messages.length < DEMO_RECIPIENTS.length; run += 1) {
    const before = sink.messages.length;
    await (run % 2 === 0 ? second() : first());
    t.true(sink.messages.length - before <= 2, "each later run stays within the cap too");
  }
  const recipients = sink.messages.flatMap((message) => message.envelope.to.filter((to) => !to.startsWith("archive@")));
  t.deepEqual([...recipients].sort(), [...DEMO_RECIPIENTS].sort());
});
