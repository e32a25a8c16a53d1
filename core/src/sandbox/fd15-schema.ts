// The test schema as an FD 1.5 directory has it: the FD 1.6 additions live under a private arc, so they are dropped by OID.

/** FD 1.6 definitions of the test schema without a published OID (see the schema file's header). */
const FD16_ARC = "1.3.6.1.4.1.32473.16.";

const DEFINITION = /^(attributetype|objectclass)\s*\(\s*([\d.]+)\s+NAME\s+(?:'([^']+)'|\(\s*([^)]*)\))/i;

/** A schema file split into its definitions (each with its continuation lines) and the lines between them. */
function chunks(schema: string): string[][] {
  const result: string[][] = [];
  for (const line of schema.split("\n")) {
    const last = result.at(-1);
    // slapd.conf continues a definition on lines that start with white space.
    if (last !== undefined && /^\s/.test(line) && line.trim() !== "" && DEFINITION.test(last[0] ?? "")) last.push(line);
    else result.push([line]);
  }
  return result;
}

function namesOf(definition: RegExpExecArray): string[] {
  const list = definition[3] ?? definition[4] ?? "";
  return list
    .split(/\s+/)
    .map((name) => name.replace(/'/g, ""))
    .filter((name) => name !== "");
}

/** Removes `dropped` names from the MUST and MAY lists of a class definition (a list left empty goes too). */
function withoutNames(definition: string, dropped: ReadonlySet<string>): string {
  return definition.replace(/\s(MUST|MAY)\s+(\(([^)]*)\)|[\w-]+)/g, (clause: string, kind: string, list: string, inner: string | undefined) => {
    const names = (inner ?? list).split("$").map((name) => name.trim());
    const kept = names.filter((name) => !dropped.has(name.toLowerCase()));
    if (kept.length === names.length) return clause;
    return kept.length === 0 ? "" : ` ${kind} ( ${kept.join(" $ ")} )`;
  });
}

/**
 * The schema without its FD 1.6 definitions (every one under the private test arc) and without their names in the
 * other classes' MUST/MAY lists: what an FD 1.5 directory knows.
 */
export function fd15Schema(schema: string): string {
  const parts = chunks(schema);
  const dropped = new Set<string>();
  const kept: string[] = [];
  for (const part of parts) {
    const definition = DEFINITION.exec(part[0] ?? "");
    if (definition !== null && (definition[2] ?? "").startsWith(FD16_ARC)) {
      for (const name of namesOf(definition)) dropped.add(name.toLowerCase());
    } else {
      kept.push(part.join("\n"));
    }
  }
  return kept.map((text) => (/^objectclass/i.test(text) ? withoutNames(text, dropped) : text)).join("\n");
}
