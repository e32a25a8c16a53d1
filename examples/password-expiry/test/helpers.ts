// Shared by the tests: where this package is, its test directory's users, a host with the plugin configured.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { startTestHost, type TestHost, type TestHostOptions } from "@fdo/testing";
import type { ExecutionContext } from "ava";

const PACKAGE_NAME = "fdo-plugin-password-expiry";

function isThisPackage(dir: string): boolean {
  const manifest = path.join(dir, "package.json");
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME;
}

/** The package directory: the current one under `npm test`, else where the orchestrator repository keeps it. */
export const PLUGIN_DIR = [process.cwd(), path.resolve("examples/password-expiry")].find(isThisPackage) ?? process.cwd();
export const USERS_LDIF = path.join(PLUGIN_DIR, "test/fixtures/users.ldif");

export const BASE = "dc=example,dc=org";
export const PEOPLE = `ou=pwexp,${BASE}`;
/** The plugin's claims: its own branch under the host's (by default `ou=claims` under the token branch, here the DSA one). */
export const MARKERS = `ou=password-expiry,ou=claims,ou=dsa,${BASE}`;
export const FD_CONFIG = `cn=config,ou=fusiondirectory,${BASE}`;
export const userDn = (uid: string) => `uid=${uid},${PEOPLE}`;

/** The configuration most tests use; see test/fixtures/users.ldif for who is due when. */
export const CONFIG: Readonly<Record<string, string>> = {
  PASSWORD_EXPIRY_MAIL_FROM: "it@example.org",
  PASSWORD_EXPIRY_LEAD_DAYS: "28,7,1",
  PASSWORD_EXPIRY_USER_BASE: PEOPLE,
  PASSWORD_EXPIRY_MAX_AGE_DAYS: "180",
};

/** A test host with this plugin and the test users, stopped after the test; the plugin must have loaded. */
export async function startHost(t: ExecutionContext, options: Partial<TestHostOptions> = {}): Promise<TestHost> {
  const host = await startTestHost({ plugins: [PLUGIN_DIR], ldif: [USERS_LDIF], ...options, config: { ...CONFIG, ...options.config } });
  t.teardown(() => host.stop());
  t.deepEqual(host.plugins.failed, []);
  return host;
}

export interface ReminderReport {
  dn: string;
  uid: string;
  to: string | null;
  expiry: string;
  daysLeft: number;
  leadDays: number;
  status: string;
  reason?: string;
  subject?: string;
}

export interface RunBody {
  dryRun: boolean;
  now: string;
  leadDays: number[];
  reminders: ReminderReport[];
  counts: { users: number; notDue: number; expired: number; noExpiry: number };
  markersPruned: number;
  summary: { eligible: number; processed: number; succeeded: number; skipped: number; failed: number };
}

/** PATCH /api/tasks/passwordExpiry; fails the test unless it answers 200. */
export async function runReminders(t: ExecutionContext, host: TestHost, query = ""): Promise<RunBody> {
  const response = await host.request("PATCH", `/api/tasks/passwordExpiry${query}`);
  t.is(response.status, 200, JSON.stringify(response.body));
  return response.body as RunBody;
}

/** `uid → status` of a run's reminders, for compact assertions. */
export function statuses(body: RunBody): Record<string, string> {
  return Object.fromEntries(body.reminders.map((reminder) => [reminder.uid, `${reminder.status} (${reminder.leadDays})`]));
}

/** Recipients of the mails received so far, sorted. */
export function recipients(host: TestHost): string[] {
  return host.smtp.messages.flatMap((message) => message.envelope.to).sort();
}
