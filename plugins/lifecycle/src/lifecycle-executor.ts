import { formatYmd, looksLikeDn, subtaskGeneration, todayIn } from "@fdo/fusiondirectory";
import {
  type Directory,
  type DirectoryChange,
  type DirectoryEntry,
  defineTaskType,
  type ExecutionRecord,
  errorText,
  type FusionDirectoryClient,
  isOrchestratorError,
  LdapConflictError,
  LdapUnavailableError,
  type Logger,
  pluginConfigRef,
  RUN_ABORTED,
  type Subtask,
  type SubtaskContext,
  type SubtaskOutcome,
  services,
  subtaskServices,
  type TaskStore,
} from "@fdo/sdk";
import { lifecycleConfig } from "./config.js";
import { planUser, valueModification } from "./plan.js";
import { alreadyMoved, clearPending, pendingValues, recordPending } from "./refresh-pending.js";
import { refreshUser } from "./refresh-user.js";
import { closureNotNeeded, failed, type LifeCycleDetail, modified, nothingToDo, planned, plannedRefresh, presentLifeCycle, quote, refreshed, refreshPending } from "./reports.js";
import { type RuleResult, readRule } from "./rule.js";

/** `fdTasksGranularType` written by FusionDirectory 1.5. */
export const FD15_LIFECYCLE_TYPE = "Life Cycle";
/** `fdTasksGranularType` written by FusionDirectory 1.6. */
export const FD16_LIFECYCLE_TYPE = "lifeCycle";
/** The attribute the task rewrites. */
export const STATE_ATTRIBUTE = "supannRessourceEtatDate";
/** Tries of the read-decide-write cycle when the user's values change concurrently. */
export const MAX_ATTEMPTS = 3;

/** The services one run uses. */
export interface LifeCycleServices {
  readonly directory: Directory;
  readonly tasks: TaskStore;
  readonly fusionDirectory: FusionDirectoryClient;
  readonly logger: Logger;
}

const isConflict = (error: unknown): boolean => isOrchestratorError(error) && error.code === LdapConflictError.code;

/** One PATCH /api/tasks/lifeCycle: the FD time zone and the rules read so far (each main task read once). */
export class LifeCycleRun {
  readonly #rules = new Map<string, Promise<RuleResult | undefined>>();
  // Every subtask of a run shares the run's `now`: its day in the FD zone is worked out once (two Intl formats).
  #today: { readonly now: Date; readonly ymd: string } | undefined;

  constructor(
    private readonly services: LifeCycleServices,
    private readonly timeZone: string,
  ) {}

  async process(subtask: Subtask, context: SubtaskContext): Promise<SubtaskOutcome<LifeCycleDetail>> {
    const userDn = subtask.entry.first("fdTasksGranularDN")?.trim() ?? "";
    if (userDn === "") return failed(subtask.dn, "No user: fdTasksGranularDN is empty");
    if (!looksLikeDn(userDn)) return failed(subtask.dn, `fdTasksGranularDN ${quote(userDn)} is not a DN`);
    const resumed = await this.#resumeRefresh(subtask, userDn, context);
    if (resumed !== undefined) return resumed;
    if (subtask.masterDn === "") return failed(userDn, "No main task: fdTasksGranularMaster is empty");
    const rule = await this.#rule(subtask.masterDn);
    if (rule === undefined) return failed(userDn, `Main task not found: ${subtask.masterDn}`);
    if (!rule.ok) return failed(userDn, rule.error);
    const today = this.#todayAt(context.now);
    const { directory, logger } = this.services;
    const record = context.executionRecord;

    for (let attempt = 1; ; attempt += 1) {
      const user = await directory.read(userDn, [STATE_ATTRIBUTE, ...(record?.attributes ?? [])]);
      if (user === null) return failed(userDn, `User not found: ${userDn}`);
      const current = user.values(STATE_ATTRIBUTE);
      const plan = planUser(current, rule.rule, userDn, today);
      if (plan.kind === "nothing") {
        // The newest upstream wrote 2 when account closure locked no one; 1.1 (FD 1.5 data) knew no closure.
        return rule.rule.accountClosure && subtaskGeneration(subtask.type) === "1.6" ? closureNotNeeded(plan.reason) : nothingToDo(plan.reason);
      }
      if (plan.kind === "failed") return failed(userDn, plan.error);
      if (context.dryRun) return planned(userDn, plan.changes);
      if (context.signal.aborted) return { kind: "skipped", reason: RUN_ABORTED };

      const { remove, add } = valueModification(current, plan.changes);
      const changes: DirectoryChange[] = [{ operation: "delete", attribute: STATE_ATTRIBUTE, values: remove }];
      if (add.length > 0) changes.push({ operation: "add", attribute: STATE_ATTRIBUTE, values: add });
      const error = await this.#writeStates(userDn, user, changes, record);
      if (error !== undefined) {
        if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) throw error; // aborts the run
        if (isConflict(error) && attempt < MAX_ATTEMPTS) {
          logger.info("user values changed while deciding; reading them again", { dn: userDn, attempt });
          continue;
        }
        logger.warn("could not update the user's resource states", { dn: userDn, error: errorText(error) });
        return failed(userDn, errorText(error));
      }
      logger.info("resource states changed", { dn: userDn, subtask: subtask.dn, changes: plan.changes });
      const refresh = await refreshUser(this.services.fusionDirectory, userDn, logger);
      const written = plan.changes.map((change) => change.after);
      if (!refresh.ok) return refreshPending(userDn, { changes: plan.changes, values: written }, refresh, await recordPending(directory, subtask, written));
      await this.#forgetPending(subtask);
      return modified(userDn, plan.changes, refresh);
    }
  }

  /**
   * A restarted subtask whose earlier run moved the user but could not refresh it: when the user still holds what
   * that run wrote, only the refresh is performed (no second move, no date shift). `undefined`: decide as usual
   * (nothing pending, or the user changed since, so the pending values no longer describe it).
   */
  async #resumeRefresh(subtask: Subtask, userDn: string, context: SubtaskContext): Promise<SubtaskOutcome<LifeCycleDetail> | undefined> {
    const pending = pendingValues(subtask);
    if (pending.length === 0) return undefined;
    const { directory, logger } = this.services;
    const user = await directory.read(userDn, [STATE_ATTRIBUTE]);
    if (user === null || !alreadyMoved(user.values(STATE_ATTRIBUTE), pending)) {
      logger.info("a refresh was pending but the user's states changed since; deciding anew", { dn: userDn, subtask: subtask.dn });
      return undefined;
    }
    if (context.dryRun) return plannedRefresh(userDn, pending);
    const refresh = await refreshUser(this.services.fusionDirectory, userDn, logger);
    if (!refresh.ok) return refreshPending(userDn, { changes: [], values: pending }, refresh);
    logger.info("pending refresh done", { dn: userDn, subtask: subtask.dn });
    await this.#forgetPending(subtask);
    return refreshed(userDn, pending, refresh);
  }

  /**
   * The states' modify, with the FD 1.6 record of the task on the user riding along (one write instead of two). When
   * the directory refuses it for another reason than a concurrent change (the service account may not write the
   * record, say), the states are written without the record and the host records the user as for any task.
   * Resolves with the error that stopped the states, if any.
   */
  async #writeStates(userDn: string, user: DirectoryEntry, changes: readonly DirectoryChange[], record: ExecutionRecord | undefined): Promise<unknown> {
    const { directory, logger } = this.services;
    const recordChanges = record?.changes(user) ?? [];
    try {
      await directory.modify(userDn, [...changes, ...recordChanges]);
      record?.written(user);
      return undefined;
    } catch (error) {
      if (recordChanges.length === 0 || isConflict(error) || (isOrchestratorError(error) && error.code === LdapUnavailableError.code)) return error;
      logger.warn("the user's states are written without the FD 1.6 execution record, which the directory refused", { dn: userDn, error: errorText(error) });
    }
    try {
      await directory.modify(userDn, changes);
      return undefined;
    } catch (error) {
      return error;
    }
  }

  async #forgetPending(subtask: Subtask): Promise<void> {
    const error = await clearPending(this.services.directory, subtask);
    if (error !== undefined) this.services.logger.warn("could not clear the pending refresh recorded on the subtask", { subtask: subtask.dn, error });
  }

  #todayAt(now: Date): string {
    if (this.#today?.now.getTime() !== now.getTime()) this.#today = { now, ymd: formatYmd(todayIn(now, this.timeZone)) };
    return this.#today.ymd;
  }

  /** The main task's rule, `undefined` when the main task does not exist. */
  #rule(masterDn: string): Promise<RuleResult | undefined> {
    let rule = this.#rules.get(masterDn);
    if (rule === undefined) {
      rule = this.services.tasks.readMainTask(masterDn).then((main) => (main === null ? undefined : readRule(main.entry)));
      this.#rules.set(masterDn, rule);
      // A failed read is not cached for the rest of the run: the next subtask tries again.
      rule.catch(() => this.#rules.delete(masterDn));
    }
    return rule;
  }
}

/**
 * `PATCH /api/tasks/lifeCycle`: moves the SupAnn resources of the users of due Life Cycle subtasks (FD 1.5
 * `Life Cycle`, FD 1.6 `lifeCycle`) from the pre-state to the post-state once their end date has passed, or locks
 * accounts (account closure), then asks FusionDirectory to refresh each changed user.
 */
export const lifeCycleTaskType = defineTaskType({
  segment: "lifeCycle",
  granularTypes: [FD15_LIFECYCLE_TYPE, FD16_LIFECYCLE_TYPE],
  description: "apply the due life cycle subtasks (FD 1.5 'Life Cycle', FD 1.6 'lifeCycle')",
  deps: { ...subtaskServices, fusionDirectory: services.fusionDirectory, config: pluginConfigRef(lifecycleConfig) },
  async run(run, { runner, directory, tasks, fusionDirectory, logger, config }) {
    const lifeCycleRun = new LifeCycleRun({ directory, tasks, fusionDirectory, logger }, await tasks.timeZone());
    return runner.forEachDue(run, (subtask, context) => lifeCycleRun.process(subtask, context), { concurrency: config.concurrency });
  },
  present: presentLifeCycle,
});
