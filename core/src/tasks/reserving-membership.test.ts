// Chunked reservations in the anti-spam window, over a fake window that counts its writes and enforces the cap.
import type { Clock } from "@fdo/sdk";
import test from "ava";
import { ReservingMembership } from "./reserving-membership.js";
import type { WindowMembership } from "./shared-mail-window.js";

const LEASE_SECONDS = 900;

function fakeWindow(usedByOthers = 0) {
  const window = { used: usedByOthers, writes: 0, left: false };
  const membership: WindowMembership = {
    used: () => window.used,
    take: async (recipients, cap) => {
      if (window.used + recipients > cap) return false;
      window.used += recipients;
      window.writes += 1;
      return true;
    },
    giveBack: async (recipients) => {
      window.used -= recipients;
      window.writes += 1;
    },
    leave: async (unused = 0) => {
      window.used -= unused;
      window.writes += 1;
      window.left = true;
    },
  };
  return { window, membership };
}

function clockAt(ms: number): Clock & { advance(by: number): void } {
  let now = ms;
  return {
    now: () => new Date(now),
    advance: (by) => {
      now += by;
    },
  };
}

test("a thousand mails take a handful of window writes; what was reserved and not used is given back on leaving", async (t) => {
  const { window, membership } = fakeWindow();
  const share = new ReservingMembership(membership, clockAt(0), LEASE_SECONDS);
  const taken = await Promise.all(Array.from({ length: 1000 }, () => share.take(1, 5000)));
  t.true(taken.every(Boolean));
  t.true(window.writes < 25, `${window.writes} window writes for 1000 mails`);
  t.true(window.used >= 1000);
  t.is(share.used(), 1000, "the run's own spare reservations count as room");
  await share.leave();
  t.is(window.used, 1000);
  t.true(window.left);
});

test("near the cap a chunk that no longer fits gives way to the exact need, and the cap is never exceeded", async (t) => {
  const { window, membership } = fakeWindow(3);
  const share = new ReservingMembership(membership, clockAt(0), LEASE_SECONDS);
  const taken: boolean[] = [];
  for (let mail = 0; mail < 12; mail += 1) taken.push(await share.take(1, 10));
  t.is(taken.filter(Boolean).length, 7);
  t.deepEqual(taken.slice(7), [false, false, false, false, false]);
  t.is(window.used, 10);
  t.false(await share.take(2, 10));
});

test("a recipient count larger than the chunk is taken whole, or not at all", async (t) => {
  const { window, membership } = fakeWindow();
  const share = new ReservingMembership(membership, clockAt(0), LEASE_SECONDS);
  t.true(await share.take(5, 8));
  t.false(await share.take(4, 8));
  t.is(window.used, 5);
  t.true(await share.take(3, 8));
  t.is(window.used, 8);
});

test("reservations left until half the lease are dropped, never used or given back: the window may have been reopened", async (t) => {
  const { window, membership } = fakeWindow();
  const clock = clockAt(0);
  const share = new ReservingMembership(membership, clock, LEASE_SECONDS);
  for (let mail = 0; mail < 4; mail += 1) await share.take(1, 100); // chunks 1, 2, 4: three spare
  t.is(window.used, 7);
  clock.advance((LEASE_SECONDS * 1000) / 2);
  const writes = window.writes;
  t.true(await share.take(1, 100));
  t.is(window.writes, writes + 1, "a stale reservation costs a fresh write, which renews the lease");
  t.is(window.used, 15, "the next chunk (8) came from the window");
  clock.advance(LEASE_SECONDS * 1000);
  await share.giveBack(1);
  await share.leave();
  t.is(window.used, 15, "nothing given back after the lease");
});
