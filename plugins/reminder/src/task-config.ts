// The settings of a reminder main task (objectClass fdTasksReminder), read and checked once per run.
import { cleanAddressValue, isValidAddress, type SupannTarget } from "@fdo/fusiondirectory";
import type { DirectoryEntry } from "@fdo/sdk";

/** What a reminder main task asks for. */
export interface ReminderTaskConfig {
  readonly dn: string;
  /** The main task's cn: the `task` parameter of the prolongation link. */
  readonly cn: string;
  /** The SupAnn resource state watched; `undefined` when `fdTasksReminderResource` is `NONE` (or empty). */
  readonly supann: SupannTarget | undefined;
  /** Whether `shadowExpire` is watched. */
  readonly posix: boolean;
  /** `fdTasksReminderAccountProlongation`: a token and a link to FusionDirectory's `accountProlongation.php`. */
  readonly prolongation: boolean;
  /** cn of the mail template. */
  readonly template: string;
  readonly sender: string;
  /** "Forward to" addresses (`fdTasksReminderListOfRecipientsMails`). */
  readonly forward: readonly string[];
  readonly firstCall: number | undefined;
  readonly secondCall: number | undefined;
}

export type TaskConfigLookup = { readonly ok: true; readonly config: ReminderTaskConfig } | { readonly ok: false; readonly error: string };

/** Shows a directory value safely inside a status text (quoted, CR/LF and other controls escaped). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** A day count as FusionDirectory stores it (`30`); `undefined` when absent or not a non-negative integer. */
export function parseDays(value: string | undefined): number | undefined {
  const text = value?.trim() ?? "";
  if (!/^\d{1,5}$/.test(text)) return undefined;
  return Number(text);
}

function booleanValue(entry: DirectoryEntry, attribute: string): boolean | undefined {
  const value = entry.first(attribute)?.trim().toUpperCase();
  return value === "TRUE" ? true : value === "FALSE" ? false : undefined;
}

/**
 * Reads a reminder main task. Differences from upstream (see README): an absent `fdTasksReminderAccountProlongation`
 * means FALSE (upstream left such subtasks at status 1 forever); `shadowExpire` is watched when
 * `fdTasksReminderPosix` is TRUE, or when it is absent and the resource is `NONE` (upstream watched it exactly when
 * the resource was `NONE` and prolongation was on); an empty sub-state matches any sub-state.
 */
export function readTaskConfig(dn: string, cn: string, entry: DirectoryEntry): TaskConfigLookup {
  const fail = (error: string): TaskConfigLookup => ({ ok: false, error: `Reminder task ${dn}: ${error}` });

  const resource = entry.first("fdTasksReminderResource")?.trim() ?? "";
  const none = resource === "" || resource.toUpperCase() === "NONE";
  let supann: SupannTarget | undefined;
  if (!none) {
    const state = entry.first("fdTasksReminderState")?.trim() ?? "";
    if (state === "") return fail(`fdTasksReminderState is empty while fdTasksReminderResource is ${quote(resource)}`);
    if (/[{}:]/.test(resource) || /[{}:]/.test(state)) return fail(`invalid SupAnn resource or state ${quote(`{${resource}}${state}`)}`);
    supann = { resource, state, subState: entry.first("fdTasksReminderSubState")?.trim() ?? "" };
  }
  const posixFlag = booleanValue(entry, "fdTasksReminderPosix");
  const posix = posixFlag ?? none;

  const template = entry.first("fdTasksReminderMailTemplate")?.trim() ?? "";
  if (template === "") return fail("no mail template (fdTasksReminderMailTemplate is empty)");
  const sender = entry.first("fdTasksReminderEmailSender")?.trim() ?? "";
  if (!isValidAddress(sender)) return fail(`invalid or missing sender (fdTasksReminderEmailSender): ${quote(sender)}`);

  const forward: string[] = [];
  for (const raw of entry.values("fdTasksReminderListOfRecipientsMails")) {
    if (raw.trim() === "") continue;
    const address = cleanAddressValue(raw);
    if (!isValidAddress(address)) return fail(`invalid forward address (fdTasksReminderListOfRecipientsMails): ${quote(raw)}`);
    forward.push(address);
  }

  return {
    ok: true,
    config: {
      dn,
      cn,
      supann,
      posix,
      prolongation: booleanValue(entry, "fdTasksReminderAccountProlongation") ?? false,
      template,
      sender,
      forward,
      firstCall: parseDays(entry.first("fdTasksReminderFirstCall")),
      secondCall: parseDays(entry.first("fdTasksReminderSecondCall")),
    },
  };
}
