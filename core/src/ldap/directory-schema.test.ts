import { type DirectoryEntry, LdapOperationError, LdapUnavailableError, type Logger } from "@fdo/sdk";
import test from "ava";
import { LdapDirectoryEntry } from "./directory-entry.js";
import { DirectorySchema, type SchemaSource } from "./directory-schema.js";

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };

const SUBSCHEMA = {
  attributeTypes: ["( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )", "( 1.3.6.1.4.1.32473.16.1.11 NAME 'fdTasksGranularLastExec' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )"],
  objectClasses: ["( 1.3.6.1.4.1.32473.16.2.10 NAME 'fdTasksInfos' SUP top AUXILIARY )"],
};

/** A source serving a root DSE and a subschema entry, counting reads; `bindCount` is set by the test. */
function source(schema: Record<string, readonly string[]> = SUBSCHEMA): SchemaSource & { reads: number; bindCount: number; fail?: Error } {
  const state = {
    reads: 0,
    bindCount: 1,
    fail: undefined as Error | undefined,
    async read(dn: string): Promise<DirectoryEntry | null> {
      state.reads += 1;
      if (state.fail !== undefined) throw state.fail;
      return new LdapDirectoryEntry(dn, dn === "" ? { subschemaSubentry: "cn=Subschema" } : schema);
    },
  };
  return state;
}

test("names are answered case-insensitively, aliases included", async (t) => {
  const names = await new DirectorySchema(source(), silentLogger).current();
  t.true(names.hasAttribute("commonName"));
  t.true(names.hasAttribute("FDTASKSGRANULARLASTEXEC"));
  t.false(names.hasAttribute("fdTasksNextExec"));
  t.true(names.hasClass("fdtasksinfos"));
  t.false(names.hasClass("fdTasksGranularLastExec"));
});

test("read once per connection: again after a reconnect", async (t) => {
  const from = source();
  const schema = new DirectorySchema(from, silentLogger);
  await Promise.all([schema.current(), schema.current()]);
  await schema.current();
  t.is(from.reads, 2, "root DSE and subentry, once");
  from.bindCount = 2;
  await schema.current();
  t.is(from.reads, 4);
});

test("an unreachable directory is asked again; one that refuses counts as declaring nothing", async (t) => {
  const from = source();
  const schema = new DirectorySchema(from, silentLogger);
  from.fail = new LdapUnavailableError("down");
  await t.throwsAsync(schema.current(), { message: "down" });
  from.fail = new LdapOperationError("insufficient access");
  t.false((await schema.current()).hasAttribute("cn"));
});
