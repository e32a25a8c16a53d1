import type { ConfigSchema, InferConfig } from "@fdo/sdk";

/**
 * One problem found while validating configuration, naming the key.
 * @public
 */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

/**
 * Raw key/value pairs (file merged with environment).
 * @public
 */
export type RawConfig = Readonly<Record<string, string | undefined>>;

/**
 * Outcome of {@link validateConfig}: the typed configuration, or every problem at once.
 * @public
 */
export type ConfigValidation<S extends ConfigSchema> = { readonly ok: true; readonly config: InferConfig<S> } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

function present(raw: RawConfig, key: string): string | undefined {
  const value = raw[key]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Validates raw configuration against a schema, collecting every problem (never stopping at the first).
 * Messages never contain the value of a secret field.
 * @public
 */
export function validateConfig<S extends ConfigSchema>(schema: S, raw: RawConfig): ConfigValidation<S> {
  const problems: ConfigProblem[] = [];
  const config: Record<string, unknown> = {};
  for (const [property, spec] of Object.entries(schema)) {
    const named = [spec.key, ...spec.aliases].map((key) => ({ key, value: present(raw, key) })).filter((entry): entry is { key: string; value: string } => entry.value !== undefined);
    const chosen = named[0];
    const conflicting = named.find((entry) => entry.value !== chosen?.value);
    if (chosen !== undefined && conflicting !== undefined) {
      problems.push({ key: spec.key, message: `${chosen.key} and ${conflicting.key} are both set, with different values; keep one` });
      continue;
    }
    if (chosen === undefined) {
      if (spec.required && spec.defaultValue === undefined) {
        const names = [spec.key, ...spec.aliases].join(" or ");
        problems.push({ key: spec.key, message: `${names} is required (${spec.description})` });
      }
      config[property] = spec.defaultValue;
      continue;
    }
    const parsed = spec.parse(chosen.value);
    if (parsed.ok) {
      config[property] = parsed.value;
    } else {
      const shown = spec.secret ? "" : ` (got "${chosen.value}")`;
      problems.push({ key: chosen.key, message: `${chosen.key} ${parsed.message}${shown}` });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: config as InferConfig<S> };
}

/**
 * Every key name a schema reads, current and older names.
 * @public
 */
export function schemaKeys(schema: ConfigSchema): string[] {
  return Object.values(schema).flatMap((spec) => [spec.key, ...spec.aliases]);
}
