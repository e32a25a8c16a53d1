// LDIF for throughput tests of the Archive task type: one archive main task and COUNT due 'archive' subtasks,
// each on its own user in {COMPTE}I:SupannExpire (so each one is archived), under ou=archive-bulk.
// Load it after core/ldap/demo.ldif (it needs ou=tasks); write it to a temp file for startSlapd({ ldif }).

/** Options of {@link archiveBulkLdif}. */
export interface ArchiveBulkOptions {
  readonly count: number;
  readonly suffix?: string;
  /** `fdTasksGranularSchedule` of every subtask (FD 1.6 GeneralizedTime by default). */
  readonly schedule?: string;
}

/** The DN of the n-th generated user (1-based). */
export function bulkUserDn(index: number, suffix = "dc=example,dc=org"): string {
  return `uid=bulk-${String(index).padStart(6, "0")},ou=archive-bulk,${suffix}`;
}

/** The DN of the main task the subtasks belong to. */
export function bulkMainDn(suffix = "dc=example,dc=org"): string {
  return `cn=bulk-archive,ou=tasks,${suffix}`;
}

export function archiveBulkLdif(options: ArchiveBulkOptions): string {
  const suffix = options.suffix ?? "dc=example,dc=org";
  const schedule = options.schedule ?? "20261120080000Z";
  const main = bulkMainDn(suffix);
  const entries = [
    `dn: ou=archive-bulk,${suffix}\nobjectClass: organizationalUnit\nou: archive-bulk\n`,
    [
      `dn: ${main}`,
      "objectClass: top",
      "objectClass: fdTasks",
      "objectClass: fdArchiveTasks",
      "cn: bulk-archive",
      "fdTasksStatus: 1",
      "fdTasksCreationDate: 2026-11-02 09:00:00am",
      `fdTasksScheduleDate: ${schedule}`,
      "fdTasksRepeatable: FALSE",
      "fdArchiveTaskResource: COMPTE",
      "fdArchiveTaskState: I",
      "fdArchiveTaskSubState: SupannExpire",
      `fdArchiveTaskMembers: ou=archive-bulk,${suffix}`,
      "",
    ].join("\n"),
  ];
  for (let index = 1; index <= options.count; index += 1) {
    const number = String(index).padStart(6, "0");
    entries.push(
      [
        `dn: ${bulkUserDn(index, suffix)}`,
        "objectClass: inetOrgPerson",
        "objectClass: supannPerson",
        `uid: bulk-${number}`,
        `cn: Bulk ${number}`,
        `sn: ${number}`,
        "supannRessourceEtatDate: {COMPTE}I:SupannExpire:20250101:20250131",
        "supannRessourceEtat: {COMPTE}I:SupannExpire",
        "",
        `dn: cn=bulk-archive-SubTask-1795780900_${number},ou=tasks,${suffix}`,
        "objectClass: top",
        "objectClass: fdTasksGranular",
        `cn: bulk-archive-SubTask-1795780900_${number}`,
        `fdTasksGranularMaster: ${main}`,
        "fdTasksGranularType: archive",
        `fdTasksGranularSchedule: ${schedule}`,
        "fdTasksGranularStatus: 1",
        `fdTasksGranularDN: ${bulkUserDn(index, suffix)}`,
        "",
      ].join("\n"),
    );
  }
  return entries.join("\n");
}
