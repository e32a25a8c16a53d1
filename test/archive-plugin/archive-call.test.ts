import test from "ava";
import { archiveRequest, readArchiveAnswer } from "../../plugins/archive/src/archive-call.js";

test("the user DN is rawurlencoded into FusionDirectory's archive path", (t) => {
  t.deepEqual(archiveRequest("uid=f16-ann,ou=people,dc=example,dc=org"), { method: "POST", path: "/archive/user/uid%3Df16-ann%2Cou%3Dpeople%2Cdc%3Dexample%2Cdc%3Dorg" });
  t.is(archiveRequest("cn=O'Brien (x)*,dc=org").path, "/archive/user/cn%3DO%27Brien%20%28x%29%2A%2Cdc%3Dorg");
});

test("only 204 means archived; anything else is upstream's status text", (t) => {
  t.deepEqual(readArchiveAnswer(204), { archived: true });
  t.deepEqual(readArchiveAnswer(200), { archived: false, error: "Unexpected HTTP status code: 200" });
  t.deepEqual(readArchiveAnswer(500), { archived: false, error: "Unexpected HTTP status code: 500" });
});
