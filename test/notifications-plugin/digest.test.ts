import test from "ava";
import { changeLine, digestText, mergeByUser } from "../../plugins/notifications/src/digest.js";
import { isSecretAttribute } from "../../plugins/notifications/src/secret-attributes.js";

const ALICE = "uid=alice,ou=people,dc=example,dc=org";
const ERIN = "uid=erin,ou=people,dc=example,dc=org";

test("changes merge per user and attribute: newest values, oldest recorded old values", (t) => {
  const merged = mergeByUser([
    { userDn: ALICE, changes: [{ attribute: "mail", newValues: ["b@example.org"], oldValues: ["a@example.org"] }] },
    { userDn: ERIN, changes: [{ attribute: "telephoneNumber", newValues: ["1"], oldValues: undefined }] },
    { userDn: "UID=alice, ou=people,dc=example,dc=org", changes: [{ attribute: "Mail", newValues: ["b2@example.org"], oldValues: ["b@example.org"] }] },
    // The DN as an audit event may carry it, with blanks around it.
    { userDn: ` ${ALICE.toUpperCase()} `, changes: [{ attribute: "mail", newValues: ["c@example.org"], oldValues: ["b2@example.org"] }] },
  ]);
  t.deepEqual(merged, [
    { userDn: ALICE, changes: [{ attribute: "mail", newValues: ["c@example.org"], oldValues: ["a@example.org"] }] },
    { userDn: ERIN, changes: [{ attribute: "telephoneNumber", newValues: ["1"], oldValues: undefined }] },
  ]);
});

test("a line shows old → new when known, the new values otherwise; controls escaped", (t) => {
  t.is(changeLine({ attribute: "mail", newValues: ["b@example.org"], oldValues: ["a@example.org"] }), "  mail: a@example.org → b@example.org");
  t.is(changeLine({ attribute: "telephoneNumber", newValues: ["1", "2"], oldValues: undefined }), "  telephoneNumber: 1, 2");
  t.is(changeLine({ attribute: "description", newValues: [], oldValues: ["x\r\nBcc: y"] }), "  description: x\\r\\nBcc: y → (none)");
});

const TWO_USERS = [
  { userDn: ALICE, changes: [{ attribute: "mail", newValues: ["alice.martin@example.org"], oldValues: undefined }] },
  {
    userDn: ERIN,
    changes: [
      { attribute: "supannRessourceEtat", newValues: ["{COMPTE}S:SupannVerrouille"], oldValues: undefined },
      { attribute: "telephoneNumber", newValues: ["+33 1 40 00 00 15"], oldValues: ["+33 1 40 00 00 05"] },
    ],
  },
];

test("by default the text lists attribute names only, one upstream attrs line per user", (t) => {
  t.is(
    digestText({ body: "The following accounts were modified:\n", signature: "-- IT" }, TWO_USERS, { includeValues: false }),
    ["The following accounts were modified:", "", `${ALICE} attrs=[mail]`, `${ERIN} attrs=[supannRessourceEtat, telephoneNumber]`, "", "-- IT"].join("\n"),
  );
});

test("password, key and secret attributes never show values", (t) => {
  for (const name of ["userPassword", "sambaNTPassword", "sambaLMPassword", "fdPasswordRecoveryToken", "shadowPasswd", "sshPublicKey", "krb5Key", "totpSecret", "userPassword;binary"]) {
    t.true(isSecretAttribute(name), name);
  }
  for (const name of ["mail", "telephoneNumber", "supannRessourceEtat", "description"]) t.false(isSecretAttribute(name), name);
  t.is(changeLine({ attribute: "userPassword", newValues: ["{SSHA}secret"], oldValues: ["{SSHA}old"] }), "  userPassword: (changed, value not shown)");
  const text = digestText(
    { body: "Changes", signature: undefined },
    [
      {
        userDn: ALICE,
        changes: [
          { attribute: "sambaNTPassword", newValues: ["0123ABCD"], oldValues: undefined },
          { attribute: "mail", newValues: ["a@example.org"], oldValues: undefined },
        ],
      },
    ],
    { includeValues: true },
  );
  t.is(text, `Changes\n\n${ALICE} attrs=[sambaNTPassword, mail]\n  sambaNTPassword: (changed, value not shown)\n  mail: a@example.org`);
  t.false(text.includes("0123ABCD"));
});

test("with values: one block per user with upstream's attrs line, then the signature", (t) => {
  const text = digestText({ body: "The following accounts were modified:\n", signature: "-- IT" }, TWO_USERS, { includeValues: true });
  t.is(
    text,
    [
      "The following accounts were modified:",
      "",
      `${ALICE} attrs=[mail]`,
      "  mail: alice.martin@example.org",
      "",
      `${ERIN} attrs=[supannRessourceEtat, telephoneNumber]`,
      "  supannRessourceEtat: {COMPTE}S:SupannVerrouille",
      "  telephoneNumber: +33 1 40 00 00 05 → +33 1 40 00 00 15",
      "",
      "-- IT",
    ].join("\n"),
  );
});
