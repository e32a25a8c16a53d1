import { type FdGeneration, mainTaskGeneration, subtaskGeneration } from "@fdo/fusiondirectory";
import type { MaintenanceDeps } from "./maintenance-deps.js";

/** The first entry a search finds, or `undefined`; the rest of the search is abandoned. */
async function first<T>(entries: AsyncIterable<T>): Promise<T | undefined> {
  for await (const entry of entries) return entry;
  return undefined;
}

/**
 * Which FusionDirectory generation the directory's tasks are, for answers that name no task (`removeSubTasks` with
 * nothing removed): that of the first subtask found, else of the first main task, else 1.5 (an empty directory is
 * answered as orchestrator 1.1 did).
 */
export async function directoryGeneration(deps: Pick<MaintenanceDeps, "directory" | "ldapBase">): Promise<FdGeneration> {
  const { directory, ldapBase } = deps;
  const subtask = await first(directory.search({ base: ldapBase, filter: "(objectClass=fdTasksGranular)", attributes: ["fdTasksGranularType"], pageSize: 1 }));
  const type = subtask?.first("fdTasksGranularType");
  if (type !== undefined) return subtaskGeneration(type);
  const main = await first(directory.search({ base: ldapBase, filter: "(objectClass=fdTasks)", attributes: ["fdTasksScheduleDate", "fdTasksLastActivation"], pageSize: 1 }));
  return main === undefined ? "1.5" : mainTaskGeneration(main);
}
