import test from "ava";
import { decodeAuditAttributes } from "../../plugins/notifications/src/audit-changes.js";

test("a modify event: one JSON object, scalars and lists, \\u escapes decoded", (t) => {
  t.deepEqual(decodeAuditAttributes(['{"telephoneNumber":"+33 1 40 00 00 15","sn":"Lef\\u00e8vre","supannRessourceEtat":["{COMPTE}S:SupannVerrouille"]}'], "modify"), {
    ok: true,
    changes: [
      { attribute: "telephoneNumber", newValues: ["+33 1 40 00 00 15"], oldValues: undefined },
      { attribute: "sn", newValues: ["Lefèvre"], oldValues: undefined },
      { attribute: "supannRessourceEtat", newValues: ["{COMPTE}S:SupannVerrouille"], oldValues: undefined },
    ],
  });
});

test("old and new values when the event records them; null is a removal", (t) => {
  t.deepEqual(decodeAuditAttributes(['{"mail":{"old":"a@example.org","new":["b@example.org"]},"description":null,"uidNumber":10001}'], "modify"), {
    ok: true,
    changes: [
      { attribute: "mail", newValues: ["b@example.org"], oldValues: ["a@example.org"] },
      { attribute: "description", newValues: [], oldValues: undefined },
      { attribute: "uidNumber", newValues: ["10001"], oldValues: undefined },
    ],
  });
});

test("create and remove events list bare names: no change, no error (as upstream)", (t) => {
  t.deepEqual(decodeAuditAttributes(["uid", "cn", "mail"], "create"), { ok: true, changes: [] });
  t.deepEqual(decodeAuditAttributes([], "security"), { ok: true, changes: [] });
});

test("several JSON values are merged (upstream concatenated them and decoded nothing)", (t) => {
  const decoded = decodeAuditAttributes(['{"mail":"a@example.org"}', '{"telephoneNumber":"1"}'], "modify");
  t.deepEqual(decoded.ok ? decoded.changes.map((change) => change.attribute) : decoded.error, ["mail", "telephoneNumber"]);
});

test("garbage is an error that says what is wrong", (t) => {
  const broken = decodeAuditAttributes(['{"mail": "a@example.org"'], "modify");
  t.false(broken.ok);
  t.regex(broken.ok ? "" : broken.error, /^fdAuditAttributes is not valid JSON \(.+\): "\{\\"mail\\": \\"a@example.org\\""$/);
  t.deepEqual(decodeAuditAttributes(["not json\r\nat all"], "modify"), { ok: false, error: 'fdAuditAttributes of a modify event is not a JSON object: "not json\\r\\nat all"' });
  t.deepEqual(decodeAuditAttributes(["[1,2]"], "modify"), { ok: false, error: 'fdAuditAttributes of a modify event is not a JSON object: "[1,2]"' });
  t.deepEqual(decodeAuditAttributes(['{"bad name":"x"}'], "modify"), { ok: false, error: 'fdAuditAttributes names an invalid attribute "bad name"' });
  // A JSON-looking value of another event type must parse too.
  t.false(decodeAuditAttributes(["{oops"], "create").ok);
});

test("__proto__ keys are data, not prototype changes", (t) => {
  const decoded = decodeAuditAttributes(['{"__proto__":{"polluted":true},"mail":"a@example.org"}'], "modify");
  t.false(decoded.ok);
  t.is(({} as Record<string, unknown>)["polluted"], undefined);
});
