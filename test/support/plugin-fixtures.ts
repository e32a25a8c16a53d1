import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const FIXTURES = path.resolve("test/fixtures/plugins");

/** Every fixture plugin package (built by `scripts/build.mjs`). */
export const ALL_FIXTURE_PLUGINS = ["bad-manifest", "echo", "echo-duplicate", "future-sdk", "throwing-import", "throwing-init"] as const;

/**
 * Copies built fixture plugins into a fresh directory under the system temp dir, i.e. outside the repository,
 * where `@fdo/sdk` cannot be found by walking up node_modules: loading them proves a bundled plugin needs nothing
 * from the host's modules.
 */
export async function pluginsOutsideRepo(names: readonly string[] = ALL_FIXTURE_PLUGINS): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), "fdo-plugins-"));
  for (const name of names) {
    await cp(path.join(FIXTURES, name), path.join(directory, name), { recursive: true, filter: (source) => !source.includes(`${path.sep}src`) });
  }
  return directory;
}
