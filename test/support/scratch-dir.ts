import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** The part of ava's execution context a scratch directory needs. */
export interface Teardown {
  teardown(fn: () => Promise<void> | void): void;
}

/**
 * A fresh directory under the system temp dir, deleted with everything in it when the test ends (passed or
 * failed): a test run leaves nothing behind.
 */
export async function scratchDir(t: Teardown, prefix: string): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

/**
 * Writes `text` to a file in a fresh temp directory, hands its path to `use` and deletes the directory once
 * `use` has settled: for inputs read once, such as the LDIF a test slapd loads at start.
 */
export async function withTempFile<T>(name: string, text: string, use: (file: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(path.join(tmpdir(), "fdo-input-"));
  try {
    const file = path.join(directory, name);
    await writeFile(file, text);
    return await use(file);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** A {@link Teardown} for `test.before` hooks, where ava has no `t.teardown`: call `run()` in `test.after.always`. */
export function hookTeardown(): Teardown & { run(): Promise<void> } {
  const steps: Array<() => Promise<void> | void> = [];
  return {
    teardown: (fn) => void steps.push(fn),
    run: async () => {
      for (const step of steps.reverse()) await step();
    },
  };
}
