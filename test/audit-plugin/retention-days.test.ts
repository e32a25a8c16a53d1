import { HttpBadRequestError } from "@fdo/sdk";
import test from "ava";
import { requestMode } from "../../plugins/audit/src/request-mode.js";
import { cutoffOf, parseRetention } from "../../plugins/audit/src/retention-days.js";

test("retention is a whole number of days; 0 is allowed", (t) => {
  t.deepEqual(parseRetention("365"), { ok: true, days: 365 });
  t.deepEqual(parseRetention(" 30 "), { ok: true, days: 30 });
  t.deepEqual(parseRetention("0"), { ok: true, days: 0 });
  t.deepEqual(parseRetention("007"), { ok: true, days: 7 });
});

test("a missing or malformed retention is refused with a text that names the attribute", (t) => {
  for (const raw of [undefined, "", "  ", "-1", "3O", "1.5", "365 days", "1e3", "99999999999999999999"]) {
    const result = parseRetention(raw);
    t.false(result.ok, String(raw));
    if (!result.ok) t.regex(result.error, /fdAuditTasksRetention|too large/, String(raw));
  }
});

test("the cutoff is the run's instant minus whole days; absurd retentions expire nothing", (t) => {
  const now = new Date("2026-11-28T10:00:00Z");
  t.is(new Date(cutoffOf(now, 365)).toISOString(), "2025-11-28T10:00:00.000Z");
  t.is(new Date(cutoffOf(now, 1)).toISOString(), "2026-11-27T10:00:00.000Z");
  t.is(cutoffOf(now, 0), now.getTime());
  t.is(cutoffOf(now, 500_000_000), Number.NEGATIVE_INFINITY);
});

test("the request body selects the mode: standard by default, syslog on request, anything else is a 400", (t) => {
  for (const body of [undefined, null, {}, [], { type: "standard" }, { type: null }, { other: 1 }]) t.is(requestMode(body), "standard", JSON.stringify(body));
  t.is(requestMode({ type: "syslog" }), "syslog");
  for (const body of [{ type: "Syslog" }, { type: "sylog" }, { type: 1 }, { type: ["syslog"] }, "syslog", 3, ["syslog"]]) {
    const error = t.throws(() => requestMode(body), undefined, JSON.stringify(body));
    t.is((error as { code?: string }).code, HttpBadRequestError.code);
  }
});
