import type { ConfigField, ParseResult } from "./config-field.js";

/**
 * Options shared by every field kind.
 * @public
 */
export interface FieldOptions<T> {
  readonly key: string;
  readonly aliases?: readonly string[];
  readonly description: string;
  readonly secret?: boolean;
  readonly required?: boolean;
  readonly default?: T;
}

/** A field that always has a value: required or defaulted. @public */
export type DefinedFieldOptions<T> = FieldOptions<T> & ({ readonly required: true } | { readonly default: T });

const KEY_PATTERN = /^[A-Z][A-Z0-9_]*$/;

function makeField<T>(kind: string, options: FieldOptions<T>, parse: (raw: string) => ParseResult<T>): ConfigField<T> {
  for (const name of [options.key, ...(options.aliases ?? [])]) {
    if (!KEY_PATTERN.test(name)) throw new TypeError(`configuration key ${name} must be UPPER_SNAKE_CASE`);
  }
  return {
    key: options.key,
    aliases: options.aliases ?? [],
    description: options.description,
    secret: options.secret ?? false,
    required: options.required ?? false,
    defaultValue: options.default,
    kind,
    parse: parse as ConfigField<T>["parse"],
  };
}

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (message: string): ParseResult<never> => ({ ok: false, message });

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

interface StringFieldOptions extends FieldOptions<string> {
  readonly minLength?: number;
  readonly pattern?: RegExp;
  /** Shown when `pattern` does not match. */
  readonly patternHint?: string;
}
interface IntegerFieldOptions extends FieldOptions<number> {
  readonly min?: number;
  readonly max?: number;
}
interface UrlFieldOptions extends FieldOptions<string> {
  /** Accepted schemes with the colon, e.g. `["ldap:", "ldaps:"]`. */
  readonly protocols: readonly string[];
}
interface EnumFieldOptions<V extends string> extends FieldOptions<V> {
  /** Accepted values; matched case-insensitively, returned as spelled here. */
  readonly values: readonly V[];
}
type ListFieldOptions = FieldOptions<readonly string[]>;

function stringField(o: StringFieldOptions & DefinedFieldOptions<string>): ConfigField<string>;
function stringField(o: StringFieldOptions): ConfigField<string | undefined>;
function stringField(o: StringFieldOptions): ConfigField<string | undefined> {
  return makeField("string", o, (raw) => {
    if (o.minLength !== undefined && Buffer.byteLength(raw) < o.minLength) {
      return fail(`must be at least ${o.minLength} bytes long`);
    }
    if (o.pattern !== undefined && !o.pattern.test(raw)) return fail(o.patternHint ?? `must match ${o.pattern}`);
    return ok(raw);
  });
}

function integerField(o: IntegerFieldOptions & DefinedFieldOptions<number>): ConfigField<number>;
function integerField(o: IntegerFieldOptions): ConfigField<number | undefined>;
function integerField(o: IntegerFieldOptions): ConfigField<number | undefined> {
  return makeField("integer", o, (raw) => {
    if (!/^-?\d+$/.test(raw)) return fail("must be an integer");
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) return fail("is out of range");
    if (o.min !== undefined && value < o.min) return fail(`must be at least ${o.min}`);
    if (o.max !== undefined && value > o.max) return fail(`must be at most ${o.max}`);
    return ok(value);
  });
}

function booleanField(o: FieldOptions<boolean> & DefinedFieldOptions<boolean>): ConfigField<boolean>;
function booleanField(o: FieldOptions<boolean>): ConfigField<boolean | undefined>;
function booleanField(o: FieldOptions<boolean>): ConfigField<boolean | undefined> {
  return makeField("boolean", o, (raw) => {
    const word = raw.toLowerCase();
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
    return fail("must be TRUE or FALSE");
  });
}

function urlField(o: UrlFieldOptions & DefinedFieldOptions<string>): ConfigField<string>;
function urlField(o: UrlFieldOptions): ConfigField<string | undefined>;
function urlField(o: UrlFieldOptions): ConfigField<string | undefined> {
  return makeField("url", o, (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return fail("is not a valid URL");
    }
    if (!o.protocols.includes(url.protocol)) return fail(`must use ${o.protocols.map((p) => p.slice(0, -1)).join(" or ")}`);
    return ok(raw);
  });
}

function enumField<V extends string>(o: EnumFieldOptions<V> & DefinedFieldOptions<V>): ConfigField<V>;
function enumField<V extends string>(o: EnumFieldOptions<V>): ConfigField<V | undefined>;
function enumField<V extends string>(o: EnumFieldOptions<V>): ConfigField<V | undefined> {
  return makeField("enum", o, (raw) => {
    const match = o.values.find((value) => value.toLowerCase() === raw.toLowerCase());
    return match === undefined ? fail(`must be one of ${o.values.join(", ")}`) : ok(match);
  });
}

function listField(o: ListFieldOptions & DefinedFieldOptions<readonly string[]>): ConfigField<readonly string[]>;
function listField(o: ListFieldOptions): ConfigField<readonly string[] | undefined>;
function listField(o: ListFieldOptions): ConfigField<readonly string[] | undefined> {
  return makeField("list", o, (raw) =>
    ok(
      raw
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== ""),
    ),
  );
}

/**
 * Builders for configuration fields. Raw values come from `orchestrator.conf` (dotenv) or the environment; an
 * empty value counts as missing.
 *
 * @example
 * ```ts
 * const config = {
 *   leadDays: field.list({ key: "PASSWORD_EXPIRY_LEAD_DAYS", description: "days before expiry", default: ["7", "1"] }),
 *   sender: field.string({ key: "PASSWORD_EXPIRY_SENDER", description: "From address", required: true }),
 * };
 * ```
 * @public
 */
export const field = {
  string: stringField,
  integer: integerField,
  boolean: booleanField,
  url: urlField,
  enum: enumField,
  /** Comma-separated list; blanks around items are dropped. */
  list: listField,
} as const;
