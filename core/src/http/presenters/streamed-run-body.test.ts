import type { ServerResponse } from "node:http";
import { Writable } from "node:stream";
import { defineTaskType, type PresentContext, type RunSummary, type SubtaskOutcome, type TaskPresenter } from "@fdo/sdk";
import test from "ava";
import { phpPrettyJson } from "../php-json.js";
import { runBody } from "./run-body.js";
import { StreamedRunBody } from "./streamed-run-body.js";

/** A response whose socket takes each chunk only when `release()` is called, when asked to hold. */
class SlowResponse extends Writable {
  statusCode = 0;
  headersSent = false;
  readonly headers = new Map<string, string>();
  readonly chunks: string[] = [];
  #held: Array<() => void> = [];

  constructor(private readonly hold: boolean) {
    super({ highWaterMark: 1024, decodeStrings: false });
  }

  override _write(chunk: string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    if (this.hold) this.#held.push(done);
    else done();
  }

  override write(chunk: string): boolean {
    this.headersSent = true;
    return super.write(chunk);
  }

  setHeader(name: string, value: string): void {
    this.headers.set(name.toLowerCase(), value);
  }

  release(): void {
    for (const done of this.#held.splice(0)) done();
  }

  text(): string {
    return this.chunks.join("");
  }
}

const present: TaskPresenter<{ sent: string }, unknown> = { subtask: ({ detail }, { key }) => ({ mailStatus: `mail : ${key} was sent to ${detail.sent}` }) };
const probe = defineTaskType({ segment: "probe", deps: {}, run: async () => ({ summary: summaryOf(0), results: new Map() }), present });
const context = (dryRun = false): PresentContext => ({ segment: "probe", dryRun });
const summaryOf = (count: number): RunSummary => ({ eligible: count, processed: count, succeeded: count, skipped: 0, failed: 0, unknown: 0, warnings: 1, durationMs: 42 });

/** Every kind of outcome, with slashes and non-ASCII text to escape, enough of them to need several chunks. */
function outcomes(count: number): Array<[string, SubtaskOutcome]> {
  const kinds: SubtaskOutcome[] = [
    { kind: "done", detail: { sent: "é/ü@example.org" } },
    { kind: "done", warnings: ["tagging failed"] },
    { kind: "nothing", reason: "no match" },
    { kind: "failed", error: "550 mailbox/unknown" },
    { kind: "skipped", reason: "mail cap reached" },
    { kind: "deferred", reason: "451 try later" },
    { kind: "unknown", reason: "interrupted while sending" },
  ];
  return Array.from({ length: count }, (_, index) => [`cn=Sübtask-${index},ou=tasks/x,dc=example,dc=org`, kinds[index % kinds.length] as SubtaskOutcome]);
}

async function stream(results: Array<[string, SubtaskOutcome]>, dryRun: boolean, error?: { code: string; message: string }): Promise<SlowResponse> {
  const response = new SlowResponse(false);
  const body = new StreamedRunBody(response as unknown as ServerResponse, probe.present as TaskPresenter<unknown, unknown>, context(dryRun));
  for (const [key, outcome] of results) await body.result(key, outcome);
  await body.finish(summaryOf(results.length), error);
  return response;
}

for (const dryRun of [false, true]) {
  test(`the streamed answer is the buffered document byte for byte${dryRun ? " (dry run)" : ""}`, async (t) => {
    const results = outcomes(700);
    const response = await stream(results, dryRun);
    const buffered = phpPrettyJson(runBody(probe, { summary: summaryOf(results.length), results: new Map(results) }, context(dryRun)));
    t.true(response.chunks.length > 2, "sent in several chunks");
    t.is(response.text(), buffered);
    t.is(response.statusCode, 200);
    t.is(response.headers.get("content-type"), "application/json; charset=utf-8");
    t.true(response.writableEnded);
  });
}

test("a run stopped after its status went out ends with the error, then the summary", async (t) => {
  const results = outcomes(3);
  const response = await stream(results, false, { code: "FDO_ERR_LDAP_UNAVAILABLE", message: "directory unavailable" });
  const parsed = JSON.parse(response.text()) as Record<string, unknown>;
  t.deepEqual(Object.keys(parsed).slice(-2), ["error", "summary"]);
  t.deepEqual(parsed["error"], { code: "FDO_ERR_LDAP_UNAVAILABLE", message: "directory unavailable" });
  t.is(Object.keys(parsed).length, 5);
});

test("nothing is sent before a chunk fills up, so the caller may still answer otherwise", async (t) => {
  const response = new SlowResponse(false);
  const body = new StreamedRunBody(response as unknown as ServerResponse, undefined, context());
  await body.result("cn=a", { kind: "done" });
  t.true(body.started);
  t.false(body.sent);
  t.deepEqual(response.chunks, []);
});

test("a client that does not read holds the run back instead of filling memory", async (t) => {
  const response = new SlowResponse(true);
  const body = new StreamedRunBody(response as unknown as ServerResponse, undefined, context());
  const settledSoon = (promise: Promise<void>) => Promise.race([promise.then(() => true), new Promise<false>((resolve) => setImmediate(() => resolve(false)))]);
  let waiting: Promise<void> | undefined;
  // Results until one is not taken at once: the socket is full.
  for (let index = 0; waiting === undefined; index += 1) {
    const pending = body.result(`cn=subtask-${index},dc=example,dc=org`, { kind: "done" });
    if (!(await settledSoon(pending))) waiting = pending;
  }
  t.true(body.sent);
  t.true(response.writableLength < 64 * 1024, `at most a chunk or two waiting (${response.writableLength} bytes)`);
  t.false(await settledSoon(waiting), "still held while the client does not read");
  response.release();
  await waiting;
  t.is(response.writableLength, 0, "the run goes on once the client has read what was sent");
});
