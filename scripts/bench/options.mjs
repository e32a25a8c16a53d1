// The command line of `npm run bench`: suite names, `--subtasks N[,N...]` (the sizes of the run suites) and
// `--nosync` (slapd without disk syncs instead of a durable directory).

/** `{suites, sizes, durable}`, or `{error}` for a command line it cannot read. */
export function parseBenchArgs(args) {
  const suites = [];
  let sizes;
  let durable = true;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === "--nosync") durable = false;
    else if (arg === "--subtasks") {
      index += 1;
      const value = args[index] ?? "";
      sizes = value.split(",").map(Number);
      if (sizes.some((size) => !Number.isInteger(size) || size < 1)) return { error: `--subtasks takes positive integers separated by commas, not "${value}"` };
    } else if (arg.startsWith("-")) return { error: `unknown option ${arg}` };
    else suites.push(arg);
  }
  return { suites, sizes, durable };
}
