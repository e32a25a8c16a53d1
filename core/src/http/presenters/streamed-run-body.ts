import type { ServerResponse } from "node:http";
import type { PresentContext, RunSummary, SubtaskOutcome, TaskPresenter } from "@fdo/sdk";
import { phpPrettyMember } from "../php-json.js";
import { wireSummary } from "./run-body.js";
import { subtaskJson } from "./subtask-json.js";

/** Members are sent in chunks of about this size: one socket write per subtask would cost more than the subtask. */
const CHUNK_BYTES = 16 * 1024;

/**
 * The per-subtask answer of `PATCH /api/tasks/<segment>` written as the results settle: the same bytes as the buffered
 * body (`{"<dn>": {...}, ..., "summary": {...}}` in PHP's pretty print), with nothing but one chunk held. The status
 * line goes out with the first full chunk: until then the caller may still answer otherwise (nothing due, blocked, a
 * run aborted early: 503). A run stopped after that point cannot change its 200 any more: its document ends with an
 * `error` member (`{code, message}`, as the error answer would have said) before the summary.
 */
export class StreamedRunBody {
  #pending = "";
  #members = 0;

  constructor(
    private readonly response: ServerResponse,
    private readonly presenter: TaskPresenter<unknown, unknown> | undefined,
    private readonly context: PresentContext,
  ) {}

  /** True once a result was taken. */
  get started(): boolean {
    return this.#members > 0;
  }

  /** True once bytes went out: the status is 200 for good. */
  get sent(): boolean {
    return this.response.headersSent;
  }

  /** The run's `onResult`: resolves when the chunk was taken by the socket, so a slow client slows the run down. */
  readonly result = async (key: string, outcome: SubtaskOutcome): Promise<void> => {
    const json = subtaskJson(outcome, key, this.presenter, this.context);
    // JSON.stringify leaves out members whose value is undefined; so does this document.
    if (json === undefined) return;
    this.#pending += this.#members === 0 ? "{\n" : ",\n";
    this.#pending += phpPrettyMember(key, json);
    this.#members += 1;
    if (this.#pending.length >= CHUNK_BYTES) await this.#flush();
  };

  /** Ends the document with the summary, after the error that stopped the run if one did. */
  async finish(summary: RunSummary, error?: { readonly code: string; readonly message: string }): Promise<void> {
    if (error !== undefined) this.#pending += `,\n${phpPrettyMember("error", { code: error.code, message: error.message })}`;
    this.#pending += `,\n${phpPrettyMember("summary", wireSummary(summary))}\n}`;
    await this.#flush();
    if (!this.response.destroyed) this.response.end();
  }

  async #flush(): Promise<void> {
    const { response } = this;
    if (!response.headersSent) {
      response.statusCode = 200;
      response.setHeader("Content-Type", "application/json; charset=utf-8");
    }
    const chunk = this.#pending;
    this.#pending = "";
    // A client gone away aborts the run through its signal; what is left to write goes nowhere.
    if (response.destroyed || response.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        response.off("drain", done);
        response.off("close", done);
        resolve();
      };
      response.on("drain", done);
      response.on("close", done);
    });
  }
}
