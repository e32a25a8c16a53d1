// One PATCH /api/tasks/automaticGroups: membership subtasks add or remove one member value each; dynamic group
// subtasks create their groupOfURLs entries in FusionDirectory's groups branch, once.
import { GROUP_ATTRIBUTES, mainTaskRules } from "@fdo/fusiondirectory";
import {
  childDn,
  type Directory,
  errorText,
  isOrchestratorError,
  LdapAlreadyExistsError,
  LdapUnavailableError,
  type Logger,
  type Subtask,
  type SubtaskContext,
  type SubtaskOutcome,
  type TaskStore,
} from "@fdo/sdk";
import { dynamicGroupEntry, dynamicGroupSpecs, dynamicMessages, GROUP_RDN_ATTRIBUTE, groupsBranch } from "./dynamic-groups.js";
import { membershipChange, messages, settledByRace } from "./member-change.js";
import { acceptedStates, qualifyingValue, USER_STATE_ATTRIBUTE } from "./membership.js";
import { RESOURCE_ENTRY_FILTER, RESOURCE_NAME_ATTRIBUTE } from "./resources.js";
import { type DynamicGroupRule, type MembershipRule, type RuleResult, readDynamicGroupRule, readMembershipRule } from "./rule.js";

/** Upstream's messages of one subtask, or its error. */
export type GroupsDetail = { readonly kind: "result"; readonly messages: readonly string[] } | { readonly kind: "failed"; readonly error: string };

type GroupsOutcome = SubtaskOutcome<GroupsDetail>;

const done = (lines: readonly string[]): GroupsOutcome => ({ kind: "done", detail: { kind: "result", messages: lines } });
const failed = (error: string): GroupsOutcome => ({ kind: "failed", error, detail: { kind: "failed", error } });

/** The services one run uses. */
export interface GroupsServices {
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly logger: Logger;
  readonly ldapBase: string;
}

const rethrowLost = (error: unknown): void => {
  if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) throw error; // aborts the run
};

export class GroupsRun {
  readonly #membershipRule: (masterDn: string) => Promise<RuleResult<MembershipRule> | undefined>;
  readonly #dynamicRule: (masterDn: string) => Promise<RuleResult<DynamicGroupRule> | undefined>;
  #resourceNames: Promise<string[]> | undefined;
  #branch: Promise<string> | undefined;

  constructor(private readonly services: GroupsServices) {
    this.#membershipRule = mainTaskRules(services.tasks, readMembershipRule);
    this.#dynamicRule = mainTaskRules(services.tasks, readDynamicGroupRule);
  }

  async membership(subtask: Subtask, context: SubtaskContext): Promise<GroupsOutcome> {
    const userDn = subtask.entry.first("fdTasksGranularDN")?.trim() ?? "";
    if (userDn === "") return failed("No user: fdTasksGranularDN is empty");
    const rule = await this.#rule(this.#membershipRule, subtask);
    if (!rule.ok) return failed(rule.error);
    if (rule.rule.kind === "none") return done([]); // upstream: a NONE resource decides nothing, status 2
    const { targetGroup } = rule.rule;
    const user = await this.services.directory.read(userDn, [USER_STATE_ATTRIBUTE]);
    if (user === null) return failed(`User not found: ${userDn}`);
    const accepted = acceptedStates(rule.rule, rule.rule.kind === "pattern" ? await this.#resources() : []);
    const belongs = qualifyingValue(user.values(USER_STATE_ATTRIBUTE), accepted) !== undefined;
    const group = await this.services.directory.read(targetGroup, GROUP_ATTRIBUTES);
    if (group === null) return failed(`Target group not found: ${targetGroup}`);
    const decided = membershipChange(group, userDn, belongs);
    if (!decided.ok) return failed(decided.error);
    const change = decided.change;
    if (change.action === "none") return done([change.message]);
    if (context.dryRun) return done([change.action === "add" ? messages.wouldAdd(userDn, targetGroup) : messages.wouldRemove(userDn, targetGroup)]);
    try {
      await this.services.directory.modify(targetGroup, [change.change]);
    } catch (error) {
      rethrowLost(error);
      const refusal = isOrchestratorError(error) ? { code: error.code, resultCode: error.details?.["resultCode"] as number | undefined } : { code: "" };
      const settled = settledByRace(change, userDn, targetGroup, refusal);
      if (settled !== undefined) return done([settled]);
      return failed(errorText(error));
    }
    this.services.logger.info("group membership changed", { group: targetGroup, user: userDn, action: change.action });
    return done([change.message]);
  }

  async dynamicGroups(subtask: Subtask, context: SubtaskContext): Promise<GroupsOutcome> {
    const rule = await this.#rule(this.#dynamicRule, subtask);
    if (!rule.ok) return failed(rule.error);
    const specs = dynamicGroupSpecs(rule.rule, rule.rule.pattern === undefined ? [] : await this.#resources());
    if (specs.length === 0) return done([dynamicMessages.noResource(rule.rule.pattern?.source ?? "")]);
    const branch = await this.#groupsBranch();
    const lines: string[] = [];
    for (const spec of specs) {
      const entry = dynamicGroupEntry(spec, branch);
      if (context.dryRun) {
        lines.push((await this.services.directory.read(entry.dn, ["cn"])) === null ? dynamicMessages.wouldCreate(spec) : dynamicMessages.exists(spec));
        continue;
      }
      try {
        await this.services.directory.add(entry.dn, entry.attributes);
        lines.push(dynamicMessages.created(spec));
      } catch (error) {
        if (!isOrchestratorError(error) || error.code !== LdapAlreadyExistsError.code) throw error;
        lines.push(dynamicMessages.exists(spec));
      }
    }
    return done(lines);
  }

  async #rule<T>(rules: (masterDn: string) => Promise<RuleResult<T> | undefined>, subtask: Subtask): Promise<RuleResult<T>> {
    if (subtask.masterDn === "") return { ok: false, error: "No main task: fdTasksGranularMaster is empty" };
    return (await rules(subtask.masterDn)) ?? { ok: false, error: `Main task not found: ${subtask.masterDn}` };
  }

  /** Every `fdSupannRessourceName` of the directory's `fdSupannRessource` entries, read once per run. */
  #resources(): Promise<string[]> {
    this.#resourceNames ??= this.services.directory
      .searchAll({ base: this.services.ldapBase, scope: "sub", filter: RESOURCE_ENTRY_FILTER, attributes: [RESOURCE_NAME_ATTRIBUTE] })
      .then((entries) => entries.flatMap((entry) => entry.values(RESOURCE_NAME_ATTRIBUTE)));
    return this.#resourceNames;
  }

  /** FusionDirectory's groups branch (`fdGroupRDN` of its configuration entry), read once per run. */
  #groupsBranch(): Promise<string> {
    const base = this.services.ldapBase;
    this.#branch ??= this.services.directory
      .read(childDn("cn", "config", `ou=fusiondirectory,${base}`), [GROUP_RDN_ATTRIBUTE])
      .then((config) => groupsBranch(config?.first(GROUP_RDN_ATTRIBUTE), base));
    return this.#branch;
  }
}
