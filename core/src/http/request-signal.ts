import type { Context } from "koa";

/** Aborted when the host shuts down or the client disconnects before the response is sent. */
export function requestSignal(ctx: Context, shutdown: AbortSignal): AbortSignal {
  const clientGone = new AbortController();
  ctx.res.once("close", () => {
    if (!ctx.res.writableFinished) clientGone.abort(new Error("client disconnected"));
  });
  return AbortSignal.any([shutdown, clientGone.signal]);
}
