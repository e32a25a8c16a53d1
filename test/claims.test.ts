// The claims service against a real throwaway slapd: two instances (each its own connection and owner id) sharing
// one directory. Exactly one wins a key; a crashed holder's lease is taken over; release makes a key claimable again;
// done and irreversible keys are never taken; the entries use the standard schema and escape their RDN.

import type { Claims, Logger } from "@fdo/sdk";
import { startSlapd, TestClock, type TestSlapd } from "@fdo/testing";
import type { ExecutionContext } from "ava";
import test from "ava";
import { LdapClaims } from "../core/src/claims/ldap-claims.js";
import { LdapDirectory } from "../core/src/ldap/ldap-directory.js";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const LEASE_SECONDS = 600;

let slapd: TestSlapd;

test.before(async () => {
  slapd = await startSlapd({ demoData: false });
});

test.after.always(async () => {
  await slapd?.destroy();
});

interface Instance {
  readonly claims: Claims;
  readonly directory: LdapDirectory;
}

/** One orchestrator instance: its own connection, its own owner id, the shared clock and branch. */
function instance(t: ExecutionContext, owner: string, clock: TestClock, branch: string): Instance {
  const directory = new LdapDirectory({ url: slapd.url, bindDn: slapd.serviceDn, bindPassword: slapd.servicePassword, timeoutMs: 5_000, logger: silent });
  t.teardown(() => directory.close());
  return { directory, claims: new LdapClaims({ directory, clock, owner, leaseSeconds: LEASE_SECONDS, branch: async () => branch }) };
}

/** Two instances on one branch of their own (tests run concurrently on one slapd). */
function twoInstances(t: ExecutionContext, name: string) {
  const clock = new TestClock("2026-11-28T10:00:00Z");
  const branch = `ou=${name},ou=claims,${slapd.baseDn}`;
  return { clock, branch, first: instance(t, "host-a-1-aaaaaa", clock, branch), second: instance(t, "host-b-2-bbbbbb", clock, branch) };
}

async function statuses(claims: Claims): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for await (const record of claims.list()) found[record.key] = `${record.status}${record.available ? " (available)" : ""}`;
  return found;
}

test("two instances racing for the same keys: exactly one wins each, and the branch is created on first use", async (t) => {
  const { first, second, branch } = twoInstances(t, "race");
  const keys = Array.from({ length: 10 }, (_, index) => `key-${index}`);
  const attempts = await Promise.all(keys.flatMap((key) => [first.claims.acquire(key), second.claims.acquire(key), first.claims.acquire(key)]));
  const won = attempts.filter((claim) => claim !== undefined);
  t.deepEqual(won.map((claim) => claim?.key).sort(), [...keys].sort());
  t.not(await first.directory.read(branch), null);
  t.deepEqual(
    Object.values(await statuses(second.claims)),
    keys.map(() => "held"),
  );
});

test("a crashed holder's lease is taken over once it has run out, and not a second earlier", async (t) => {
  const { first, second, clock } = twoInstances(t, "lease");
  t.truthy(await first.claims.acquire("job"));
  clock.advance(LEASE_SECONDS * 1000);
  t.is(await second.claims.acquire("job"), undefined, "the lease still holds at its last second");
  clock.advance(1000);
  t.deepEqual(await statuses(second.claims), { job: "held (available)" });
  const takenOver = await second.claims.acquire("job");
  t.truthy(takenOver);
  t.is(await first.claims.acquire("job"), undefined, "the new holder's lease counts from the takeover");
  clock.advance((LEASE_SECONDS - 1) * 1000);
  await takenOver?.complete();
  t.deepEqual(await statuses(first.claims), { job: "done" });
});

test("the old holder of a taken-over claim cannot complete it; release gives a key back at once", async (t) => {
  const { first, second, clock } = twoInstances(t, "release");
  const stale = await first.claims.acquire("a");
  clock.advance((LEASE_SECONDS + 1) * 1000);
  const fresh = await second.claims.acquire("a");
  const lost = await t.throwsAsync(stale?.complete() ?? Promise.reject(new Error("no claim")));
  t.is((lost as { code?: string } | undefined)?.code, "FDO_ERR_LDAP_CONFLICT");
  await fresh?.release();
  t.deepEqual(await statuses(first.claims), { a: "released (available)" });
  const again = await first.claims.acquire("a");
  t.truthy(again, "released: reclaimable without waiting for any lease");
  t.is(await second.claims.acquire("a"), undefined);
});

test("done and irreversible keys are never taken again, whatever the time; forget removes a key", async (t) => {
  const { first, second, clock } = twoInstances(t, "final");
  const done = await first.claims.acquire("done");
  await done?.complete();
  const sending = await first.claims.acquire("sending");
  await sending?.markIrreversible();
  clock.advance(365 * 86_400_000);
  t.is(await second.claims.acquire("done"), undefined);
  t.is(await second.claims.acquire("sending"), undefined, "an irreversible step of a dead holder is never redone");
  t.deepEqual(await statuses(second.claims), { done: "done", sending: "irreversible" });
  await second.claims.forget("done");
  await second.claims.forget("never-claimed");
  t.truthy(await second.claims.acquire("done"));
});

test("entries are standard organizationalRole entries with an escaped RDN, the subject and the note", async (t) => {
  const { first, branch } = twoInstances(t, "entries");
  const key = 'a,b+c="d" #';
  const claim = await first.claims.acquire(key, { subject: `uid=ann,ou=people,${slapd.baseDn}`, note: "reminder of ann" });
  t.truthy(claim);
  const [entry] = await first.directory.searchAll({ base: branch, scope: "one", attributes: ["objectClass", "cn", "seeAlso", "description"] });
  t.deepEqual(entry?.values("objectClass"), ["top", "organizationalRole"]);
  t.is(entry?.first("cn"), key);
  t.is(entry?.first("seeAlso"), `uid=ann,ou=people,${slapd.baseDn}`);
  t.deepEqual([...(entry?.values("description") ?? [])].sort(), ["fdo-claim:held:host-a-1-aaaaaa:1795860600", "reminder of ann"]);
  t.deepEqual(await statuses(first.claims), { [key]: "held" });
  await claim?.complete();
  t.true((await first.directory.read(entry?.dn ?? "", ["description"]))?.values("description").includes("fdo-claim:done:1795860000"));
});

test("listing a namespace that was never used finds nothing and writes nothing", async (t) => {
  const { first, branch } = twoInstances(t, "unused");
  t.deepEqual(await statuses(first.claims), {});
  t.is(await first.directory.read(branch), null);
});
