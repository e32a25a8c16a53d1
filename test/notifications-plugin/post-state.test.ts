// The FD 1.6 post-state: reading it from the main task, the FusionDirectory REST call it makes, and its report.

import type { FusionDirectoryRequest, FusionDirectoryResponse } from "@fdo/sdk";
import { FusionDirectoryUnavailableError } from "@fdo/sdk";
import { fakeEntry } from "@fdo/testing";
import test from "ava";
import { applyPostState, postStateRequest, readPostState, subtaskPostState } from "../../plugins/notifications/src/post-state.js";

const ANN = "uid=ann,ou=people,dc=example,dc=org";
const ANN_PATH = `/objects/user/${encodeURIComponent(ANN)}`;
const EXPIRED = { resource: "MAIL", state: "I", subState: "SupannExpire" };
const main = (attributes: Record<string, string>) => fakeEntry("cn=n,ou=tasks,dc=example,dc=org", { fdTasksNotificationsAttributes: "mail", ...attributes });

test("the post-state: none on FD 1.5 data, with resource NONE or nothing set; the attribute named when malformed", (t) => {
  t.deepEqual(readPostState(main({})), { kind: "none" });
  t.deepEqual(readPostState(main({ fdTasksNotificationsPostResource: "NONE" })), { kind: "none" });
  t.deepEqual(readPostState(main({ fdTasksNotificationsPostResource: "MAIL", fdTasksNotificationsPostState: "I", fdTasksNotificationsPostSubState: "SupannExpire" })), {
    kind: "target",
    target: EXPIRED,
  });
  t.deepEqual(readPostState(main({ fdTasksNotificationsPostResource: "COMPTE", fdTasksNotificationsPostState: "S" })), { kind: "target", target: { resource: "COMPTE", state: "S", subState: "" } });
  t.deepEqual(readPostState(main({ fdTasksNotificationsPostResource: "MAIL" })), { kind: "invalid", error: "fdTasksNotificationsPostState is missing" });
  t.deepEqual(readPostState(main({ fdTasksNotificationsPostResource: "MAIL", fdTasksNotificationsPostState: "II" })), {
    kind: "invalid",
    error: 'fdTasksNotificationsPostState "II" is not a state letter (A, I, S...)',
  });
});

test("the call: PATCH enabling the tab for a user without values, else ONE PUT of every value, dates kept; none when already there", (t) => {
  t.deepEqual(postStateRequest(ANN, [], EXPIRED), {
    method: "PATCH",
    path: ANN_PATH,
    body: { supannAccount: [], supannAccountStatus: { supannRessourceEtatDate: ["{MAIL}I:SupannExpire::"] } },
  });
  t.deepEqual(postStateRequest(ANN, ["{COMPTE}A:SupannActif:20240901:20270831", "{MAIL}A:SupannActif:20240901:20270831", "{WIFI}garbage:x:y:z:w"], EXPIRED), {
    method: "PUT",
    path: `${ANN_PATH}/supannAccountStatus/supannRessourceEtatDate`,
    body: ["{COMPTE}A:SupannActif:20240901:20270831", "{MAIL}I:SupannExpire:20240901:20270831", "{WIFI}garbage:x:y:z:w"],
  });
  // No value of the resource yet: it is added (upstream's stated intent; its code sent the list unchanged).
  t.deepEqual(postStateRequest(ANN, ["{COMPTE}A"], { resource: "MAIL", state: "I", subState: "" })?.body, ["{COMPTE}A", "{MAIL}I:::"]);
  t.is(postStateRequest(ANN, ["{COMPTE}A", "{MAIL}I:SupannExpire:20240901:20270831"], EXPIRED), undefined);
});

test("applying: the tab is read, then written; FusionDirectory's refusal or absence is the result's error, never thrown", async (t) => {
  const calls: FusionDirectoryRequest[] = [];
  const client = (answer: (request: FusionDirectoryRequest) => FusionDirectoryResponse) => ({
    call: async (request: FusionDirectoryRequest) => {
      calls.push(request);
      return answer(request);
    },
  });
  const tab = { status: 200, body: { supannRessourceEtatDate: ["{MAIL}A::20240901:20270831"], supannRessourceEtat: ["{MAIL}A"] } };
  t.deepEqual(
    await applyPostState(
      client((request) => (request.method === "GET" ? tab : { status: 200, body: ANN })),
      ANN,
      EXPIRED,
    ),
    { ok: true, changed: true },
  );
  t.deepEqual(
    calls.map((call) => [call.method, call.path, call.body]),
    [
      ["GET", `${ANN_PATH}/supannAccountStatus`, undefined],
      ["PUT", `${ANN_PATH}/supannAccountStatus/supannRessourceEtatDate`, ["{MAIL}I:SupannExpire:20240901:20270831"]],
    ],
  );
  t.deepEqual(
    await applyPostState(
      client((request) => (request.method === "GET" ? tab : { status: 400, body: { message: "Invalid\nvalue" } })),
      ANN,
      EXPIRED,
    ),
    {
      ok: false,
      error: "PUT supannRessourceEtatDate: FusionDirectory answered HTTP 400: Invalid value",
    },
  );
  t.deepEqual(
    await applyPostState(
      client(() => ({ status: 404, body: "" })),
      ANN,
      EXPIRED,
    ),
    { ok: false, error: "reading its supannAccountStatus tab: FusionDirectory answered HTTP 404" },
  );
  const down = {
    call: async (): Promise<FusionDirectoryResponse> => {
      throw new FusionDirectoryUnavailableError("FusionDirectory POST /login: ECONNREFUSED");
    },
  };
  t.deepEqual(await applyPostState(down, ANN, EXPIRED), { ok: false, error: "FusionDirectory POST /login: ECONNREFUSED" });
});

test("the subtask's report: per user, applied / already / not applied with a warning; a dry run says would be applied", (t) => {
  const rule = { kind: "target", target: EXPIRED } as const;
  const BEN = "uid=ben,ou=people,dc=example,dc=org";
  const CY = "uid=cy,ou=people,dc=example,dc=org";
  const results = new Map([
    [ANN, { ok: true, changed: true } as const],
    [BEN, { ok: true, changed: false } as const],
    [CY, { ok: false, error: "FusionDirectory answered HTTP 403" } as const],
  ]);
  t.deepEqual(
    subtaskPostState(rule, [ANN, BEN, CY], (dn) => results.get(dn)),
    {
      report: { state: "{MAIL}I:SupannExpire", users: { [ANN]: "applied", [BEN]: "already in this state", [CY]: "not applied: FusionDirectory answered HTTP 403" } },
      warnings: [`Post-state {MAIL}I:SupannExpire not applied to ${CY}: FusionDirectory answered HTTP 403`],
    },
  );
  t.deepEqual(subtaskPostState(rule, [ANN], undefined), { report: { state: "{MAIL}I:SupannExpire", users: { [ANN]: "would be applied" } }, warnings: [] });
  t.deepEqual(subtaskPostState({ kind: "invalid", error: "fdTasksNotificationsPostState is missing" }, [ANN], undefined), {
    report: { error: "fdTasksNotificationsPostState is missing" },
    warnings: ["Post-state not applied: fdTasksNotificationsPostState is missing"],
  });
});
