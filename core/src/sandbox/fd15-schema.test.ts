import { readFileSync } from "node:fs";
import path from "node:path";
import test from "ava";
import { fd15Schema } from "./fd15-schema.js";
import { ldapDir } from "./slapd-paths.js";

const SCHEMA = `attributetype ( 1.2.3.1 NAME 'kept'
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )

# FD 1.6
attributetype ( 1.3.6.1.4.1.32473.16.1.10 NAME 'newer'
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )

objectclass ( 1.2.3.2 NAME 'mixed'
  MUST ( cn )
  MAY ( kept $ newer ) )

objectclass ( 1.2.3.3 NAME 'onlyNewer'
  SUP top AUXILIARY
  MAY newer )

objectclass ( 1.3.6.1.4.1.32473.16.2.10 NAME ( 'newClass' 'alias' )
  MAY ( newer ) )
`;

test("FD 1.6 definitions go, with their names in the other classes' lists", (t) => {
  const result = fd15Schema(SCHEMA);
  t.false(result.includes("newer"));
  t.false(result.includes("newClass"));
  t.regex(result, /NAME 'mixed'\s+MUST \( cn \)\s+MAY \( kept \) \)/);
  t.regex(result, /NAME 'onlyNewer'\s+SUP top AUXILIARY\s+\)/);
  t.true(result.includes("attributetype ( 1.2.3.1 NAME 'kept'"));
});

test("the project's test schema keeps every FD 1.5 definition and loses every private-arc one", (t) => {
  const full = readFileSync(path.join(ldapDir(), "schema", "fusiondirectory-orchestrator-test.schema"), "utf8");
  const result = fd15Schema(full);
  const definitions = (text: string) => text.match(/^(attributetype|objectclass) \( [\d.]+/gm) ?? [];
  const privateArc = definitions(full).filter((line) => line.includes("1.3.6.1.4.1.32473.16."));
  t.true(privateArc.length >= 6);
  t.is(definitions(result).length, definitions(full).length - privateArc.length);
  for (const name of ["fdTasksGranularLastExec", "fdTasksNextExec", "fdTasksExecutedDNs", "fdTasksInfos", "fdMailTemplateMacro"]) t.false(result.includes(name), name);
  t.true(result.includes("'fdTasksLastExec'"));
});
