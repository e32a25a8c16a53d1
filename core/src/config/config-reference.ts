import type { ConfigSchema } from "@fdo/sdk";

function defaultText(value: unknown, required: boolean): string {
  if (required) return "required";
  if (value === undefined) return "";
  if (typeof value === "boolean") return value ? "`TRUE`" : "`FALSE`";
  if (Array.isArray(value)) return value.length === 0 ? "" : `\`${value.join(",")}\``;
  return value === "" ? "empty" : `\`${String(value)}\``;
}

/**
 * The configuration reference as a Markdown table, generated from the schema so the README cannot drift from
 * what the host actually reads (a test compares the two).
 */
export function configReferenceTable(schema: ConfigSchema): string {
  const rows = Object.values(schema).map((field) => {
    const names = `\`${field.key}\`${field.aliases.length === 0 ? "" : ` (${field.aliases.map((alias) => `\`${alias}\``).join(", ")})`}`;
    return `| ${names} | ${defaultText(field.defaultValue, field.required)} | ${field.description.replace(/\|/g, "\\|")} |`;
  });
  return ["| key (older names) | default | meaning |", "|---|---|---|", ...rows].join("\n");
}
