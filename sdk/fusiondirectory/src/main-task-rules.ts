// Every subtask of a main task shares its rule: a run reads each main task once, however many subtasks it has.
import type { DirectoryEntry, TaskStore } from "@fdo/sdk";

/**
 * A per-run reader of main-task rules: `read(masterDn)` reads the main task once and returns `parse(entry)` (the same
 * promise to every subtask of that task), or `undefined` when the main task does not exist. A failed read is not
 * kept, so the next subtask tries again. Create one per run: a rule changed between runs is read afresh.
 * @public
 */
export function mainTaskRules<R>(tasks: Pick<TaskStore, "readMainTask">, parse: (entry: DirectoryEntry) => R): (masterDn: string) => Promise<R | undefined> {
  const rules = new Map<string, Promise<R | undefined>>();
  return (masterDn) => {
    let rule = rules.get(masterDn);
    if (rule === undefined) {
      rule = tasks.readMainTask(masterDn).then((main) => (main === null ? undefined : parse(main.entry)));
      rules.set(masterDn, rule);
      rule.catch(() => rules.delete(masterDn));
    }
    return rule;
  };
}
