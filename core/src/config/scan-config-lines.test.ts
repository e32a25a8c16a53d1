import test from "ava";
import { parse } from "dotenv";
import { scanConfigLines } from "./scan-config-lines.js";

test("blank lines, comments and every KEY=value shape dotenv reads pass", (t) => {
  const text = ["# comment", "", "  # indented comment", 'A="quoted" # trailing comment', "B='single'", "C=bare value", "export D=1", "E: colon", "F=", "G = spaced", 'H="a\\"b"'].join("\n");
  t.deepEqual(scanConfigLines(text), { malformed: [], multiline: [], unbalanced: [] });
  t.deepEqual(Object.keys(parse(text)), ["A", "B", "C", "D", "E", "F", "G", "H"]);
});

test("lines that are not KEY=value are reported with their numbers, the dotenv parser drops them", (t) => {
  const text = 'A="1"\nLDAP_URI ldap://example.org\n\n"just text"\nX:y\nB="2"\r\n=orphan';
  t.deepEqual(scanConfigLines(text).malformed, [
    { line: 2, keyLike: "LDAP_URI" },
    { line: 4, keyLike: undefined },
    { line: 5, keyLike: "X" },
    { line: 7, keyLike: undefined },
  ]);
  t.deepEqual(Object.keys(parse(text)), ["A", "B"]);
});

test("a quoted value over several lines is told apart from one whose quotes dotenv keeps", (t) => {
  const spanning = 'A="first\nB=swallowed"\nC=3';
  t.deepEqual(scanConfigLines(spanning), { malformed: [], multiline: [{ key: "A", from: 1, to: 2 }], unbalanced: [] });
  t.deepEqual(Object.keys(parse(spanning)), ["A", "C"]);

  const unbalanced = 'A="never closed\nB=2\nC="x" trailing';
  t.deepEqual(scanConfigLines(unbalanced), {
    malformed: [],
    multiline: [],
    unbalanced: [
      { key: "A", line: 1 },
      { key: "C", line: 3 },
    ],
  });
  t.deepEqual(parse(unbalanced), { A: '"never closed', B: "2", C: '"x" trailing' });
});
