/**
 * Result of parsing one raw configuration value.
 * @public
 */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * One configuration key: its dotenv name (plus older names still accepted), how to parse it, its default.
 * Build fields with {@link field}.
 * @public
 */
export interface ConfigField<T> {
  /** Current key name, e.g. `LDAP_URI`. */
  readonly key: string;
  /** Older key names still read, e.g. `FD_LDAP_MASTER_URL` (the current name wins; both set and different is an error). */
  readonly aliases: readonly string[];
  /** One line for humans (shown in validation errors and docs). */
  readonly description: string;
  /** Secret values are never printed, not even in validation errors. */
  readonly secret: boolean;
  /** Missing and no default is an error. */
  readonly required: boolean;
  /** Value used when the key is missing or empty. */
  readonly defaultValue: T | undefined;
  /** Type name for docs: `string`, `integer`, `boolean`, `url`, `enum`, `list`. */
  readonly kind: string;
  /** Converts a non-empty raw value. */
  parse(raw: string): ParseResult<Exclude<T, undefined>>;
}

/**
 * A configuration schema: property name → field. The validated configuration has the same property names.
 * @public
 */
export type ConfigSchema = Readonly<Record<string, ConfigField<unknown>>>;

/**
 * The validated configuration object described by a schema.
 * @public
 */
export type InferConfig<S extends ConfigSchema> = { readonly [K in keyof S]: S[K] extends ConfigField<infer T> ? T : never };
