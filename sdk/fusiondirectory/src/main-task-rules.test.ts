import type { MainTask } from "@fdo/sdk";
import test from "ava";
import { fakeEntry } from "../../../test/support/fakes.js";
import { mainTaskRules } from "./main-task-rules.js";

test("each main task is read once per reader; a missing one is undefined; a failed read is tried again", async (t) => {
  const reads: string[] = [];
  let failNext = true;
  const tasks = {
    async readMainTask(dn: string): Promise<MainTask | null> {
      reads.push(dn);
      if (dn === "cn=flaky" && failNext) {
        failNext = false;
        throw new Error("directory hiccup");
      }
      return dn === "cn=gone" ? null : { dn, cn: dn.slice(3), entry: fakeEntry(dn, { cn: dn.slice(3) }) };
    },
  };
  const rule = mainTaskRules(tasks, (entry) => `rule of ${entry.first("cn")}`);
  t.deepEqual(await Promise.all([rule("cn=a"), rule("cn=a"), rule("cn=b")]), ["rule of a", "rule of a", "rule of b"]);
  t.is(await rule("cn=gone"), undefined);
  await t.throwsAsync(rule("cn=flaky"), { message: "directory hiccup" });
  t.is(await rule("cn=flaky"), "rule of flaky");
  t.deepEqual(reads, ["cn=a", "cn=b", "cn=gone", "cn=flaky", "cn=flaky"]);
});
