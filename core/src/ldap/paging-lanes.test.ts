import test from "ava";
import { PagingLanes } from "./paging-lanes.js";

class FakeLane {
  closed = 0;
  constructor(readonly name: string) {}
  async close(): Promise<void> {
    this.closed += 1;
  }
}

function lanes(maxIdleExtra = 1) {
  const main = new FakeLane("main");
  let created = 0;
  const pool = new PagingLanes(main, () => new FakeLane(`extra${++created}`), maxIdleExtra);
  return { main, pool };
}

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
