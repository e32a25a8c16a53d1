import { cp } from "node:fs/promises";
import path from "node:path";
import { scratchDir, type Teardown } from "./scratch-dir.js";

const FIXTURES = path.resolve("test/fixtures/plugins");

/** Every fixture plugin package (built by `scripts/build.mjs`). */
export const ALL_FIXTURE_PLUGINS = ["bad-manifest", "echo", "echo-duplicate", "future-sdk", "throwing-import", "throwing-init"] as const;

/**
 * Copies built fixture plugins into a fresh directory under the system temp dir, i.e. outside the repository,
 * where `@fdo/sdk` cannot be found by walking up node_modules: loading them proves a bundled plugin needs nothing
 * from the host's modules. The directory goes when the test ends.
 */
export async function pluginsOutsideRepo(t: Teardown, names: readonly string[] = ALL_FIXTURE_PLUGINS): Promise<string> {
  const directory = await scratchDir(t, "fdo-plugins");
  for (const name of names) {
    await cp(path.join(FIXTURES, name), path.join(directory, name), { recursive: true, filter: (source) => !source.includes(`${path.sep}src`) });
  }
  return directory;
}
