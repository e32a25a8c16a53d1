import test from "ava";
import { minimalConfFile } from "./support/host-config.js";
import { runCli } from "./support/run-cli.js";

// The security settings of issue 15 as the real binary sees them: refused ones exit 78 naming the key, accepted
// risky ones are warned about by check-config.

const PLAIN_SMTP_AUTH = { MAIL_AUTH: "TRUE", MAIL_USER: "mailer", MAIL_PASS: "smtp-password-never-printed", MAIL_SEC: "none" };

for (const command of [[], ["check-config"]]) {
  test(`${command[0] ?? "start"}: MAIL_AUTH=TRUE with MAIL_SEC=none is refused with exit 78, saying how to fix it`, async (t) => {
    const result = await runCli([...command, "--config", await minimalConfFile(t, PLAIN_SMTP_AUTH)]);
    t.is(result.code, 78, result.stdout + result.stderr);
    t.regex(result.stderr, /FDO_ERR_CONFIG_INVALID/);
    t.regex(result.stderr, /MAIL_AUTH=TRUE with MAIL_SEC=none would send the SMTP password unencrypted: set MAIL_SEC to ssl, tls or starttls, or MAIL_ALLOW_PLAIN_AUTH=TRUE/);
    t.false(result.stderr.includes("smtp-password-never-printed"));
  });
}

test("MAIL_ALLOW_PLAIN_AUTH=TRUE accepts it, and check-config warns", async (t) => {
  const result = await runCli(["check-config", "--config", await minimalConfFile(t, { ...PLAIN_SMTP_AUTH, MAIL_ALLOW_PLAIN_AUTH: "TRUE" })]);
  t.is(result.code, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /^warning: MAIL_ALLOW_PLAIN_AUTH=TRUE: the SMTP password is sent unencrypted/m);
});

test("SMTP authentication over TLS needs no opt-in and draws no warning", async (t) => {
  const result = await runCli(["check-config", "--config", await minimalConfFile(t, { ...PLAIN_SMTP_AUTH, MAIL_SEC: "starttls" })]);
  t.is(result.code, 0, result.stdout + result.stderr);
  t.notRegex(result.stdout, /warning/);
});

test("HTTP_TRUSTED_PROXIES entries that are not addresses or CIDRs exit 78, each named", async (t) => {
  const result = await runCli(["check-config", "--config", await minimalConfFile(t, { HTTP_TRUST_PROXY: "TRUE", HTTP_TRUSTED_PROXIES: "127.0.0.1, proxy.example.org, 10.0.0.0/33" })]);
  t.is(result.code, 78, result.stdout + result.stderr);
  t.regex(result.stderr, /HTTP_TRUSTED_PROXIES: "proxy\.example\.org", "10\.0\.0\.0\/33" is not an IP address or CIDR/);
});

test("HTTP_TRUSTED_PROXIES without HTTP_TRUST_PROXY=TRUE is accepted with a warning that it is ignored", async (t) => {
  const result = await runCli(["check-config", "--config", await minimalConfFile(t, { HTTP_TRUSTED_PROXIES: "10.0.0.0/8" })]);
  t.is(result.code, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /^warning: HTTP_TRUSTED_PROXIES is ignored: X-Forwarded-For is only read with HTTP_TRUST_PROXY=TRUE$/m);
});

test("a REFRESH_ABSOLUTE_LIFETIME shorter than REFRESH_EXPIRY exits 78", async (t) => {
  const result = await runCli(["check-config", "--config", await minimalConfFile(t, { REFRESH_EXPIRY: "7200", REFRESH_ABSOLUTE_LIFETIME: "3600" })]);
  t.is(result.code, 78, result.stdout + result.stderr);
  t.regex(result.stderr, /REFRESH_ABSOLUTE_LIFETIME \(3600 s\) is shorter than REFRESH_EXPIRY \(7200 s\)/);
});

test("an upstream REFRESH_EXPIRY beyond the default session cap still works, with a warning", async (t) => {
  const result = await runCli(["check-config", "--config", await minimalConfFile(t, { REFRESH_EXPIRY: "5184000" })]);
  t.is(result.code, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /^warning: REFRESH_EXPIRY \(5184000 s\) is longer than the default REFRESH_ABSOLUTE_LIFETIME \(2592000 s\)/m);
});
