import { ensureSlapdInstalled, sandboxConfig, startSlapd, startSmtpSink } from "../sandbox/index.js";
import { createHost } from "../host.js";
import { loadConfig } from "../config/load-config.js";
import { stopOnSignals } from "./run-service.js";

const DEMO_PORT = 8080;

/**
 * `demo`: a throwaway slapd with the demo directory, an in-process SMTP sink and the service, all on loopback.
 * Installs slapd first when it is missing and we are root. Everything is thrown away on Ctrl-C.
 */
export async function runDemo(write: (line: string) => void): Promise<void> {
  await ensureSlapdInstalled();
  const slapd = await startSlapd();
  const sink = await startSmtpSink();
  const env = {
    ...sandboxConfig(slapd, sink),
    // No FusionDirectory here: its API URL only shapes the reminders' prolongation links; calls to it fail cleanly.
    FUSIONDIRECTORY_WEBSERVICE_URL: "http://127.0.0.1:9/fusiondirectory/rest.php/v1",
    FUSIONDIRECTORY_WEBSERVICE_LOGIN: "demo",
    FUSIONDIRECTORY_WEBSERVICE_PASSWORD: "demo",
    HTTP_PORT: process.env["HTTP_PORT"] ?? String(DEMO_PORT),
    LOG_LEVEL: process.env["LOG_LEVEL"] ?? "info",
  };
  const host = await createHost({ config: await loadConfig({ file: "/dev/null", env }) });
  const url = await host.listen().catch(async (error: unknown) => {
    await Promise.allSettled([host.stop(), sink.stop(), slapd.destroy()]);
    throw error;
  });
  stopOnSignals(
    { ...host, stop: async () => void (await Promise.allSettled([host.stop(), sink.stop(), slapd.destroy()])) },
    (code) => process.exit(code),
  );
  write("");
  write("FusionDirectory Orchestrator demo is running (Ctrl-C stops it and deletes everything)");
  write(`  API:          ${url}/api/...`);
  write(`  LDAP:         ${slapd.url}  base ${slapd.baseDn}  (bind ${slapd.rootDn} / ${slapd.rootPassword})`);
  write(`  SMTP sink:    ${sink.host}:${sink.port}  (mails are kept in memory)`);
  write(`  API account:  orchestrator / orchestrator-secret  (DSA cn=orchestrator,ou=dsa,${slapd.baseDn})`);
  write(`  plugins:      ${host.plugins.loaded.map((plugin) => plugin.id).join(", ") || "none"}`);
  write("");
  write("Try:");
  write(`  curl -s ${url}/health/ready`);
  write(`  TOKEN=$(curl -s -X POST -d '{"username":"orchestrator","password":"orchestrator-secret"}' ${url}/api/login | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')`);
  write(`  curl -s -H "Authorization: Bearer $TOKEN" ${url}/api/tasks/`);
  write(`  curl -s -X PATCH -H "Authorization: Bearer $TOKEN" '${url}/api/tasks/mail?dryRun=true'`);
  write("");
}
