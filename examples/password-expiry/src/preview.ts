// GET /api/plugins/password-expiry/preview[?at=<ISO date>]: who a run would mail now (or at `at`), read-only.
import { HttpBadRequestError, TOKENS, pluginConfigToken, type RouteDefinition } from "@fdo/sdk";
import { configSchema } from "./config.js";
import { markerStore } from "./markers.js";
import { Planner, type Reminder } from "./plan.js";

function instantParam(value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const instant = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime())) throw new HttpBadRequestError("at must be an ISO 8601 date, e.g. 2026-12-01 or 2026-12-01T08:00:00Z");
  return instant;
}

const row = ({ dn, uid, to, expiry, daysLeft, leadDays }: Reminder) => ({ dn, uid, to: to ?? null, expiry, daysLeft, leadDays });

export const previewRoute: RouteDefinition = {
  method: "GET",
  path: "/preview",
  description: "who would get a password-expiry reminder now (?at=<date> for another day), without sending anything",
  async handle(request, context) {
    const config = context.resolve(pluginConfigToken(configSchema));
    const directory = context.resolve(TOKENS.Directory);
    const { ldapBase } = context.resolve(TOKENS.Settings);
    const at = instantParam(request.query["at"], context.resolve(TOKENS.Clock).now());
    const plan = await new Planner(directory, config, ldapBase, markerStore(directory, config, ldapBase)).plan(at);
    const allowance = await context.resolve(TOKENS.MailBudget).open({ enforceInterval: false, dryRun: true });
    const sendable = plan.reminders.filter((reminder) => reminder.blocked === undefined);
    return {
      body: {
        at: at.toISOString(),
        leadDays: plan.leadDays,
        wouldMail: sendable.filter((reminder) => !reminder.alreadySent).map(row),
        alreadySent: sendable.filter((reminder) => reminder.alreadySent).map(row),
        skipped: plan.reminders.filter((reminder) => reminder.blocked !== undefined).map((reminder) => ({ ...row(reminder), reason: reminder.blocked })),
        counts: plan.counts,
        mailCap: allowance.remaining(),
      },
    };
  },
};
