// An extractor or export main task (`objectClass=fdExtractorTasks` / `fdExportTasks`) read into what to extract and
// who gets it. Both spellings of every attribute are read: the two upstream schemas share their OIDs, so a server
// returns the attributes under whichever name its schema declares, whatever the task type.
import { cleanAddressValue, hasObjectClass, isAttributeName, isValidAddress, valuesOfAny } from "@fdo/fusiondirectory";
import { type DirectoryEntry, dnKey } from "@fdo/sdk";

/** The attribute names of each field, export's (the later name) first. */
export const TASK_ATTRIBUTES = {
  members: ["fdExportTaskMembers", "fdExtractorTaskMembers"],
  listOfDn: ["fdExportTaskListOfDN", "fdExtractorTaskListOfDN"],
  format: ["fdExportTaskFormat", "fdExtractorTaskFormat"],
  attributes: ["fdExportTaskAttributes", "fdExtractorTaskAttributes"],
  sender: ["fdExportEmailSender", "fdExtractorEmailSender"],
  recipientMembers: ["fdExportRecipientsMembers", "fdExtractorRecipientsMembers"],
  // Read by upstream's extractor, declared by no schema available: addresses FusionDirectory resolved, if it writes them.
  recipientMails: ["fdExtractorListOfRecipientsMails"],
  emailAttribute: ["fdTasksEmailAttribute"],
} as const;

/** Every attribute to read on the main task. */
export const MAIN_TASK_ATTRIBUTES: readonly string[] = ["objectClass", "cn", "fdTasksRepeatable", "fdTasksRepeatableSchedule", ...Object.values(TASK_ATTRIBUTES).flat()];

/** The `fdExtractorTaskAttributes` value that selects every user attribute. */
export const ALL_ATTRIBUTES = "ALL";

/** The only format there is. */
export const CSV_FORMAT = "CSV";

/** Which attributes become columns. */
export type AttributeSelection = { readonly all: true } | { readonly all: false; readonly attributes: readonly string[] };

/** What one main task asks for. */
export interface ExportTask {
  readonly dn: string;
  /** The main task's cn: the file name when the request names none. */
  readonly name: string;
  readonly selection: AttributeSelection;
  /** Users and groups to extract: the members and the resolved DN list together, each DN once. */
  readonly memberDns: readonly string[];
  /** `undefined` when the task names none (the file is then written but not mailed, as upstream). */
  readonly sender: string | undefined;
  /** Recipient users and groups (FD 1.6). */
  readonly recipientDns: readonly string[];
  /** Recipient addresses FusionDirectory resolved (upstream's extractor read only these). */
  readonly recipientAddresses: readonly string[];
  /** The address attribute of recipient users (`fdTasksEmailAttribute`, default `mail`). */
  readonly emailAttribute: string;
  /** Settings honoured although unusual, for the report and the log. */
  readonly warnings: readonly string[];
}

export type ExportTaskResult = { readonly ok: true; readonly task: ExportTask } | { readonly ok: false; readonly error: string };

class TaskError extends Error {}

const quote = (value: string): string => JSON.stringify(value);

function values(entry: DirectoryEntry, names: readonly string[]): readonly string[] {
  return valuesOfAny(entry, names)?.values ?? [];
}

/** Each DN once (any spelling `dnKey` equates), first spelling and order kept. */
function uniqueDns(dns: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const dn of dns) if (!byKey.has(dnKey(dn))) byKey.set(dnKey(dn), dn);
  return [...byKey.values()];
}

function selection(entry: DirectoryEntry): AttributeSelection {
  const found = valuesOfAny(entry, TASK_ATTRIBUTES.attributes);
  // No list, or ALL anywhere in it, selects everything (upstream fetched `*` only for a lone ALL, and asked the
  // server for an attribute named "ALL" otherwise).
  if (found === undefined || found.values.some((value) => value.toUpperCase() === ALL_ATTRIBUTES)) return { all: true };
  const invalid = found.values.find((value) => !isAttributeName(value));
  if (invalid !== undefined) throw new TaskError(`${found.attribute} ${quote(invalid)} is not an attribute name`);
  const byKey = new Map<string, string>();
  for (const name of found.values) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  return { all: false, attributes: [...byKey.values()] };
}

function sender(entry: DirectoryEntry): string | undefined {
  const found = valuesOfAny(entry, TASK_ATTRIBUTES.sender);
  if (found === undefined) return undefined;
  const address = cleanAddressValue(found.values[0] as string);
  if (!isValidAddress(address)) throw new TaskError(`${found.attribute} ${quote(found.values[0] as string)} is not an e-mail address`);
  return address;
}

function recipientAddresses(entry: DirectoryEntry): string[] {
  const found = valuesOfAny(entry, TASK_ATTRIBUTES.recipientMails);
  const addresses = (found?.values ?? []).map(cleanAddressValue).filter((value) => value !== "");
  const invalid = addresses.find((address) => !isValidAddress(address));
  if (found !== undefined && invalid !== undefined) throw new TaskError(`${found.attribute} ${quote(invalid)} is not an e-mail address`);
  return addresses;
}

function formatWarnings(entry: DirectoryEntry): string[] {
  const found = valuesOfAny(entry, TASK_ATTRIBUTES.format);
  const format = found?.values[0];
  return format === undefined || format.toUpperCase() === CSV_FORMAT ? [] : [`${found?.attribute} ${quote(format)} is not supported: the file is CSV`];
}

/**
 * Reads an extractor or export main task. A problem is an error text naming the task and the attribute; the
 * subtasks of that task then fail with it and no file is written.
 */
export function readExportTask(entry: DirectoryEntry): ExportTaskResult {
  try {
    if (!hasObjectClass(entry, "fdExtractorTasks") && !hasObjectClass(entry, "fdExportTasks")) {
      throw new TaskError("it is not an extractor or export task (no objectClass fdExtractorTasks or fdExportTasks)");
    }
    const emailAttribute = values(entry, TASK_ATTRIBUTES.emailAttribute)[0] ?? "mail";
    if (!isAttributeName(emailAttribute)) throw new TaskError(`fdTasksEmailAttribute ${quote(emailAttribute)} is not an attribute name`);
    return {
      ok: true,
      task: {
        dn: entry.dn,
        name: entry.first("cn")?.trim() || "export",
        selection: selection(entry),
        memberDns: uniqueDns([...values(entry, TASK_ATTRIBUTES.members), ...values(entry, TASK_ATTRIBUTES.listOfDn)]),
        sender: sender(entry),
        recipientDns: uniqueDns(values(entry, TASK_ATTRIBUTES.recipientMembers)),
        recipientAddresses: recipientAddresses(entry),
        emailAttribute,
        warnings: formatWarnings(entry),
      },
    };
  } catch (error) {
    if (error instanceof TaskError) return { ok: false, error: `Export task ${entry.dn}: ${error.message}` };
    throw error;
  }
}
