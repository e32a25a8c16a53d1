import test from "ava";
import { parseAuditTime, rfc3339Of, secondBefore } from "../../plugins/audit/src/audit-time.js";

const key = (value: string): string | undefined => parseAuditTime(value)?.key;

test("FD's long and trimmed spellings of one instant have the same key and instant", (t) => {
  for (const [long, trimmed] of [
    ["20240301120000Z", "2024030112Z"],
    ["20240301123000Z", "202403011230Z"],
    ["20240301123000.000Z", "202403011230Z"],
  ] as const) {
    t.is(key(long), key(trimmed), `${long} = ${trimmed}`);
    t.is(parseAuditTime(long)?.instant.toISOString(), parseAuditTime(trimmed)?.instant.toISOString());
  }
  t.is(key("2024030112Z"), "20240301120000000000000");
});

test("fractions keep their microseconds in the key and order correctly against trimmed spellings", (t) => {
  t.is(key("20261125143000.25Z"), "20261125143000250000000");
  t.is(key("20250520170000.123456Z"), "20250520170000123456000");
  t.is(parseAuditTime("20250520170000.123456Z")?.instant.toISOString(), "2025-05-20T17:00:00.123Z");
  // As strings "2024030112Z" > "20240301120000.5Z"; as instants it is earlier.
  t.true((key("2024030112Z") ?? "") < (key("20240301120000.5Z") ?? ""));
  t.true((key("20240301120000.000001Z") ?? "") < (key("20240301120000.00001Z") ?? ""));
  // .9999 of a second never rounds up into the next second.
  t.is(parseAuditTime("20240301120059.9999Z")?.instant.toISOString(), "2024-03-01T12:00:59.999Z");
});

test("zone offsets are applied; a fraction of a trimmed spelling belongs to its last unit", (t) => {
  t.is(parseAuditTime("20261029120000+0300")?.instant.toISOString(), "2026-10-29T09:00:00.000Z");
  t.is(key("20261029120000+0300"), key("2026102909Z"));
  t.is(parseAuditTime("20240301123000-0130")?.instant.toISOString(), "2024-03-01T14:00:00.000Z");
  t.is(parseAuditTime("2024030112.5Z")?.instant.toISOString(), "2024-03-01T12:30:00.000Z");
  t.is(parseAuditTime("202403011230.5Z")?.instant.toISOString(), "2024-03-01T12:30:30.000Z");
});

test("anything else is unparsable", (t) => {
  for (const value of [undefined, "", "20240301120000", "2024-03-01T12:00:00Z", "20241301120000Z", "20240230120000Z", "20240301246000Z", "202403011Z", "yesterday", "20240301120000.Z"]) {
    t.is(parseAuditTime(value), undefined, String(value));
  }
  t.not(parseAuditTime(" 20240301120000Z "), undefined);
});

test("keys render as RFC 3339 timestamps and as the second before, for server-side filters", (t) => {
  t.is(rfc3339Of(key("20261125143000.25Z") ?? ""), "2026-11-25T14:30:00.25Z");
  t.is(rfc3339Of(key("2024030112Z") ?? ""), "2024-03-01T12:00:00Z");
  t.is(rfc3339Of(key("20250520170000.1234567Z") ?? ""), "2025-05-20T17:00:00.123456Z");
  t.is(secondBefore(key("20261125143000.25Z") ?? ""), "20261125142959Z");
  t.is(secondBefore(key("2027010100Z") ?? ""), "20261231235959Z");
});
