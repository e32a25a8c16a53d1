import test from "ava";
import { PagingLanes } from "./paging-lanes.js";

class FakeLane {
  closed = 0;
  #onClose: Array<() => void> = [];
  constructor(readonly name: string) {}
  async close(): Promise<void> {
    this.closed += 1;
    for (const resolve of this.#onClose.splice(0)) resolve();
  }
  /** Resolves on the next close(). */
  whenClosed(): Promise<void> {
    return new Promise((resolve) => this.#onClose.push(resolve));
  }
}

function lanes(maxIdleExtra = 1, idleMs?: number) {
  const main = new FakeLane("main");
  let created = 0;
  const pool = new PagingLanes(main, () => new FakeLane(`extra${++created}`), maxIdleExtra, idleMs);
  return { main, pool };
}

test("an extra connection left idle is closed after the idle time; the main one stays, a reused one is not closed", async (t) => {
  const { main, pool } = lanes(2, 5);
  const first = pool.lease();
  const reused = pool.lease() as FakeLane;
  const idle = pool.lease() as FakeLane;
  pool.release(idle);
  pool.release(reused);
  t.is(pool.lease(), reused, "leased again before its idle time");
  // The pool's timers never keep a process alive; this test's process waits for the close.
  const alive = setInterval(() => undefined, 1000);
  await idle.whenClosed();
  clearInterval(alive);
  t.is(idle.closed, 1);
  t.is(reused.closed, 0);
  t.is(pool.extraCount, 1);
  pool.release(first);
  t.is(pool.lease(), main);
  t.not(pool.lease(), idle, "a closed connection is never handed out again");
  await pool.close();
});

test("a lone search uses the main connection, again and again", (t) => {
  const { main, pool } = lanes();
  const first = pool.lease();
  pool.release(first);
  const second = pool.lease();
  t.is(first, main);
  t.is(second, main);
  t.is(pool.extraCount, 0);
});

test("overlapping searches get distinct connections", (t) => {
  const { main, pool } = lanes();
  const a = pool.lease();
  const b = pool.lease();
  const c = pool.lease();
  t.is(a, main);
  t.not(b, main);
  t.not(c, b);
  t.is(pool.extraCount, 2);
});

test("surplus extra connections are closed on release, the rest reused", (t) => {
  const { pool } = lanes(1);
  const main = pool.lease();
  const b = pool.lease() as FakeLane;
  const c = pool.lease() as FakeLane;
  pool.release(b);
  pool.release(c);
  t.is(b.closed, 0);
  t.is(c.closed, 1);
  pool.release(main);
  t.is(pool.lease(), main, "main is preferred");
  t.is(pool.lease(), b, "then the idle extra");
});

test("close() closes extra connections but not the main one", async (t) => {
  const { main, pool } = lanes(2);
  pool.lease();
  const extra = pool.lease() as FakeLane;
  pool.release(extra);
  await pool.close();
  t.is(extra.closed, 1);
  t.is(main.closed, 0);
  t.is(pool.extraCount, 0);
});
