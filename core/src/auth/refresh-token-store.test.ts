import { type Directory, LdapUnavailableError, type LogFields, type Logger } from "@fdo/sdk";
import test from "ava";
import { RefreshTokenStore } from "./refresh-token-store.js";
import { TokenService } from "./token-service.js";

const tokens = new TokenService({
  secret: "a-test-secret-that-is-long-enough-for-hs256-000",
  issuer: "i",
  audience: "a",
  accessTtl: 300,
  refreshTtl: 3600,
  sessionLifetime: 7200,
  clock: { now: () => new Date("2026-11-28T10:00:00Z") },
});

function recordingLogger(): { logger: Logger; warnings: Array<{ message: string; fields: LogFields }> } {
  const warnings: Array<{ message: string; fields: LogFields }> = [];
  const noop = () => undefined;
  const logger: Logger = { debug: noop, info: noop, warn: (message, fields = {}) => warnings.push({ message, fields }), error: noop, child: () => logger };
  return { logger, warnings };
}

test("a login whose family listing and clean-up fail still answers: the clean-up failure is a warning, and idle() settles", async (t) => {
  const added: string[] = [];
  const directory = {
    add: async (dn: string) => {
      added.push(dn);
    },
    // A search that fails before its first entry.
    search: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new LdapUnavailableError("directory gone")) }) }),
  } as unknown as Directory;
  const { logger, warnings } = recordingLogger();
  const store = new RefreshTokenStore({ directory, tokens, branch: async () => "ou=tokens,dc=example,dc=org", overlapSeconds: 10, familiesPerAccount: 1, logger });
  const issued = await store.create("orchestrator", tokens.passwordStateTag("state"));
  t.deepEqual(added, [`cn=${issued.family},ou=tokens,dc=example,dc=org`]);
  await store.idle();
  t.is(warnings.length, 1);
  t.regex(warnings[0]?.message ?? "", /could not revoke the refresh-token families above the per-account limit/);
});
