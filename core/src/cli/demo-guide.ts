import path from "node:path";
import type { LoadedPlugin } from "../plugins/loaded-plugin.js";

/** What the demo runs, as its start-up text shows it. */
export interface DemoFacts {
  readonly url: string;
  readonly ldap: { readonly url: string; readonly baseDn: string; readonly rootDn: string; readonly rootPassword: string };
  readonly smtp: { readonly host: string; readonly port: number };
  readonly fusionDirectory: string;
  readonly plugins: readonly LoadedPlugin[];
  /** PLUGINS_DIR entries, resolved: their plugins are the ones an author is trying out. */
  readonly pluginsDirs: readonly string[];
}

/**
 * The task type the subtask example uses: the first one with FusionDirectory subtasks that a PLUGINS_DIR plugin
 * serves, else none (a placeholder).
 */
function exampleTaskType(facts: DemoFacts): { segment: string; granularType: string } | undefined {
  const inPluginsDir = (plugin: LoadedPlugin) => facts.pluginsDirs.some((dir) => plugin.directory.startsWith(`${dir}${path.sep}`));
  for (const taskType of facts.plugins.filter(inPluginsDir).flatMap((plugin) => plugin.definition.taskTypes ?? [])) {
    const granularType = taskType.granularTypes?.[0];
    if (granularType !== undefined) return { segment: taskType.segment, granularType };
  }
  return undefined;
}

/**
 * How to add due subtasks of a task type to the demo directory: one main task and one subtask with ldapadd, and
 * ldapmodify to make it due again after a run. The LDIF lines start in column 0: a leading space continues a line.
 */
function subtaskHowTo(facts: DemoFacts): string[] {
  const example = exampleTaskType(facts);
  const granularType = example?.granularType ?? "myTaskType";
  const segment = example?.segment ?? granularType;
  const name = `demo-${granularType.replace(/[^A-Za-z0-9]+/g, "-")}`;
  const tasks = `ou=tasks,${facts.ldap.baseDn}`;
  const subtask = `cn=${name}-SubTask-1,${tasks}`;
  const bind = `-x -H ${facts.ldap.url} -D ${facts.ldap.rootDn} -w ${facts.ldap.rootPassword}`;
  return [
    `Subtasks of a new type in the demo directory (fdTasksGranularType: ${granularType}${example === undefined ? ", or the one your plugin handles" : ""}):`,
    `ldapadd ${bind} <<'EOF'`,
    `dn: cn=${name},${tasks}`,
    "objectClass: top",
    "objectClass: fdTasks",
    `cn: ${name}`,
    "fdTasksStatus: 1",
    "fdTasksCreationDate: 2020-01-01 08:00:00am",
    "",
    `dn: ${subtask}`,
    "objectClass: top",
    "objectClass: fdTasksGranular",
    `cn: ${name}-SubTask-1`,
    `fdTasksGranularMaster: cn=${name},${tasks}`,
    `fdTasksGranularType: ${granularType}`,
    "fdTasksGranularSchedule: 20200101080000Z",
    "fdTasksGranularStatus: 1",
    `fdTasksGranularDN: uid=alice,ou=people,${facts.ldap.baseDn}`,
    "EOF",
    `curl -s -X PATCH -H "Authorization: Bearer $TOKEN" ${facts.url}/api/tasks/${segment}`,
    "Due again after a run (status 1):",
    `printf 'dn: ${subtask}\\nchangetype: modify\\nreplace: fdTasksGranularStatus\\nfdTasksGranularStatus: 1\\n' | ldapmodify ${bind}`,
  ];
}

/** The demo's start-up text: where everything runs, example requests, and how to add subtasks of a new type. */
export function demoGuide(facts: DemoFacts): string[] {
  return [
    "",
    "FusionDirectory Orchestrator demo is running (Ctrl-C stops it and deletes everything)",
    `  API:          ${facts.url}/api/...`,
    `  LDAP:         ${facts.ldap.url}  base ${facts.ldap.baseDn}  (bind ${facts.ldap.rootDn} / ${facts.ldap.rootPassword})`,
    `  SMTP sink:    ${facts.smtp.host}:${facts.smtp.port}  (mails are kept in memory)`,
    `  FusionDirectory stand-in: ${facts.fusionDirectory}  (answers the life-cycle refreshes and task activations)`,
    `  API account:  orchestrator / orchestrator-secret  (DSA cn=orchestrator,ou=dsa,${facts.ldap.baseDn})`,
    `  plugins:      ${facts.plugins.map((plugin) => plugin.id).join(", ") || "none"}`,
    "",
    "Try:",
    `  curl -s ${facts.url}/health/ready`,
    `  TOKEN=$(curl -s -X POST -d '{"username":"orchestrator","password":"orchestrator-secret"}' ${facts.url}/api/login | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')`,
    `  curl -s -H "Authorization: Bearer $TOKEN" ${facts.url}/api/tasks/`,
    `  curl -s -X PATCH -H "Authorization: Bearer $TOKEN" '${facts.url}/api/tasks/mail?dryRun=true'`,
    "",
    ...subtaskHowTo(facts),
    "",
  ];
}
