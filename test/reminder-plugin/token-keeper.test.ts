// Writing reminder tokens in the directory: create, replace, reuse within a run, take back, one user at a time.

import { asDirectory, fakeEntry, MemoryDirectory } from "@fdo/testing";
import test from "ava";
import { TokenKeeper } from "../../plugins/reminder/src/token-keeper.js";

const BASE = "dc=example,dc=org";
const BRANCH = `ou=tokens,${BASE}`;
const ERIN = `uid=erin,ou=people,${BASE}`;
const request = (expires = 1797156000) => ({ uid: "erin", userDn: ERIN, expires });
const counter = () => {
  let next = 0;
  return (size: number) => Buffer.alloc(size, next++ % 62);
};

function directory(withBranch = true, extra: ReturnType<typeof fakeEntry>[] = []) {
  return new MemoryDirectory([fakeEntry(BASE, { objectClass: "domain" }), ...(withBranch ? [fakeEntry(BRANCH, { objectClass: "organizationalUnit", ou: "tokens" })] : []), ...extra]);
}

test("a new token entry: fdTokenEntry named by uid, with upstream's attributes; undo removes it", async (t) => {
  const ldap = directory();
  const keeper = new TokenKeeper(asDirectory(ldap), counter());
  const dn = TokenKeeper.dnFor("erin", BRANCH);
  t.is(dn, `cn=erin,${BRANCH}`);
  const written = await keeper.write(dn, BRANCH, request());
  t.is(written.action, "create");
  t.is(written.token, "A".repeat(43));
  t.deepEqual(ldap.attributes(dn), {
    objectClass: ["top", "fdTokenEntry"],
    cn: ["erin"],
    fdTokenUserDN: [ERIN],
    fdTokenType: ["reminder"],
    fdToken: ["A".repeat(43)],
    fdTokenTimestamp: ["1797156000"],
  });
  await written.undo();
  t.is(ldap.attributes(dn), undefined);
});

test("DN values are escaped in the entry name", (t) => {
  t.is(TokenKeeper.dnFor("a,b+c", BRANCH), `cn=a\\,b\\+c,${BRANCH}`);
});

test("an existing token is replaced in one modify, and undo puts the previous one back", async (t) => {
  const dn = `cn=erin,${BRANCH}`;
  const old = { objectClass: ["top", "fdTokenEntry"], cn: "erin", fdTokenUserDN: ERIN, fdTokenType: "reminder", fdToken: "old-token", fdTokenTimestamp: "1700000000" };
  const ldap = directory(true, [fakeEntry(dn, old)]);
  const keeper = new TokenKeeper(asDirectory(ldap), counter());
  t.is(await keeper.plan(dn, request()), "replace");
  const written = await keeper.write(dn, BRANCH, request());
  t.is(written.action, "replace");
  t.deepEqual(ldap.writes, [`modify ${dn} replace:fdTokenUserDN,replace:fdTokenType,replace:fdToken,replace:fdTokenTimestamp`]);
  t.deepEqual(ldap.attributes(dn)?.["fdToken"], [written.token]);
  await written.undo();
  t.deepEqual(ldap.attributes(dn)?.["fdToken"], ["old-token"]);
  t.deepEqual(ldap.attributes(dn)?.["fdTokenTimestamp"], ["1700000000"]);
});

test("a second reminder of the same user in one run reuses the token, pushing its expiry out; its undo only restores the expiry", async (t) => {
  const ldap = directory();
  const keeper = new TokenKeeper(asDirectory(ldap), counter());
  const dn = `cn=erin,${BRANCH}`;
  const first = await keeper.write(dn, BRANCH, request(1000));
  const second = await keeper.write(dn, BRANCH, request(2000));
  t.is(second.action, "reuse");
  t.is(second.token, first.token);
  t.deepEqual(ldap.attributes(dn)?.["fdTokenTimestamp"], ["2000"]);
  await second.undo();
  t.deepEqual(ldap.attributes(dn)?.["fdToken"], [first.token]);
  t.deepEqual(ldap.attributes(dn)?.["fdTokenTimestamp"], ["1000"]);
  // After the first one is taken back too, the next reminder writes a new token.
  await first.undo();
  const third = await keeper.write(dn, BRANCH, request(3000));
  t.is(third.action, "create");
  t.not(third.token, first.token);
});

test("a missing token branch is created, level by level (fdReminderTokenRDN ou=reminder,ou=tokens)", async (t) => {
  const ldap = directory(false);
  const keeper = new TokenKeeper(asDirectory(ldap), counter());
  const branch = `ou=reminder,ou=tokens,${BASE}`;
  await keeper.write(`cn=erin,${branch}`, branch, request());
  t.deepEqual(ldap.writes, [`add ou=tokens,${BASE}`, `add ${branch}`, `add cn=erin,${branch}`]);
  t.deepEqual(ldap.attributes(branch), { objectClass: ["organizationalUnit"], ou: ["reminder"] });
});

test("an entry that is not an fdTokenEntry is never overwritten", async (t) => {
  const dn = `cn=erin,${BRANCH}`;
  const ldap = directory(true, [fakeEntry(dn, { objectClass: "organizationalRole", cn: "erin" })]);
  const keeper = new TokenKeeper(asDirectory(ldap), counter());
  const error = await t.throwsAsync(keeper.write(dn, BRANCH, request()));
  t.is(error?.message, `${dn} exists and is not an fdTokenEntry; it was left untouched`);
  t.deepEqual(ldap.writes, []);
});

/** Runs `work` holding the entry's lock, as the reminder run does around a token write and its mail. */
async function exclusive<T>(keeper: TokenKeeper, dn: string, work: () => Promise<T>): Promise<T> {
  const unlock = await keeper.lock(dn);
  try {
    return await work();
  } finally {
    unlock();
  }
}

test("work on one token entry is serialised; different entries run side by side", async (t) => {
  const keeper = new TokenKeeper(asDirectory(directory()));
  const events: string[] = [];
  let releaseA1: () => void = () => undefined;
  const a1Gate = new Promise<void>((resolve) => {
    releaseA1 = resolve;
  });
  const work = (name: string, gate?: Promise<void>) => async () => {
    events.push(`${name} start`);
    await gate;
    events.push(`${name} end`);
    return name;
  };
  const a1 = exclusive(keeper, "cn=a", work("a1", a1Gate));
  const a2 = exclusive(keeper, "CN=A", work("a2"));
  // Another entry goes ahead while a1 holds its own; the same entry (any case) waits.
  t.is(await exclusive(keeper, "cn=b", work("b")), "b");
  t.false(events.includes("a2 start"));
  releaseA1();
  t.deepEqual(await Promise.all([a1, a2]), ["a1", "a2"]);
  t.true(events.indexOf("a2 start") > events.indexOf("a1 end"));
  // A failing work does not block the next one.
  await t.throwsAsync(exclusive(keeper, "cn=a", async () => Promise.reject(new Error("boom"))));
  t.is(await exclusive(keeper, "cn=a", async () => "after"), "after");
});

test("dry-run plans build on each other: create, then reuse for the same user", async (t) => {
  const keeper = new TokenKeeper(asDirectory(directory()));
  const dn = `cn=erin,${BRANCH}`;
  t.is(await keeper.plan(dn, request()), "create");
  t.is(await keeper.plan(dn, request()), "reuse");
});
