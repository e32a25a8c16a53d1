// GET /api/plugins/password-expiry/preview[?at=<ISO date>]: who a run would mail now (or at `at`), read-only.
import { defineRoute, HttpBadRequestError, pluginConfigRef, services } from "@fdo/sdk";
import { configSchema } from "./config.js";
import { Planner, type Reminder } from "./plan.js";

function instantParam(value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const instant = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime())) throw new HttpBadRequestError("at must be an ISO 8601 date, e.g. 2026-12-01 or 2026-12-01T08:00:00Z");
  return instant;
}

const row = ({ dn, uid, to, expiry, daysLeft, leadDays }: Reminder) => ({ dn, uid, to: to ?? null, expiry, daysLeft, leadDays });

export const previewRoute = defineRoute({
  method: "GET",
  path: "/preview",
  description: "who would get a password-expiry reminder now (?at=<date> for another day), without sending anything",
  deps: {
    config: pluginConfigRef(configSchema),
    directory: services.directory,
    settings: services.settings,
    clock: services.clock,
    claims: services.claims,
    outbox: services.outbox,
  },
  async handle(request, { config, directory, settings, clock, claims, outbox }) {
    const at = instantParam(request.query["at"], clock.now());
    const plan = await new Planner(directory, config, settings.ldapBase, claims).plan(at);
    const sendable = plan.reminders.filter((reminder) => reminder.blocked === undefined);
    return {
      body: {
        at: at.toISOString(),
        leadDays: plan.leadDays,
        wouldMail: sendable.filter((reminder) => !reminder.alreadySent).map(row),
        alreadySent: sendable.filter((reminder) => reminder.alreadySent).map(row),
        skipped: plan.reminders.filter((reminder) => reminder.blocked !== undefined).map((reminder) => ({ ...row(reminder), reason: reminder.blocked })),
        counts: plan.counts,
        mailCap: await outbox.remaining(),
      },
    };
  },
});
