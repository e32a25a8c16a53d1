// Safe decoding of `fdAuditAttributes`: what an audit event says was changed.

/** One attribute an audit event changed. */
export interface AttributeChange {
  /** As FusionDirectory spelled it, e.g. `telephoneNumber`. */
  readonly attribute: string;
  /** The values after the change; empty when the attribute was removed. */
  readonly newValues: readonly string[];
  /** The values before the change, only when the event recorded them (`{"attr": {"old": …, "new": …}}`). */
  readonly oldValues: readonly string[] | undefined;
}

/** What an event's `fdAuditAttributes` decode to, or why they cannot be trusted. */
export type DecodedChanges = { readonly ok: true; readonly changes: readonly AttributeChange[] } | { readonly ok: false; readonly error: string };

// An attribute description: a name with optional ";option" suffixes (e.g. "preferredLanguage;lang-fr").
const ATTRIBUTE_DESCRIPTION = /^[A-Za-z][A-Za-z0-9-]*(?:;[A-Za-z0-9-]+)*$/;
// Inputs larger than this are not audit data but garbage (fdAuditAttributes is IA5, FD writes small objects).
const MAX_JSON_LENGTH = 1_000_000;

/** Shows a stored value inside an error text safely (quoted, control characters escaped, shortened). */
export function quoteValue(value: string, max = 120): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
}

function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "";
}

/** A JSON value as a list of attribute values: `null` → none, a scalar → one, an array → its elements. */
function valuesOf(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map(scalarText);
  return [scalarText(value)];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasOwn(object: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(object, key);
}

/** `{"old": …, "new": …}` (any case) is a before/after pair; any other object is one opaque value. */
function changeOf(attribute: string, value: unknown): AttributeChange {
  if (isPlainObject(value)) {
    const keys = new Map(Object.keys(value).map((key) => [key.toLowerCase(), key]));
    const oldKey = keys.get("old");
    const newKey = keys.get("new");
    if ((oldKey !== undefined || newKey !== undefined) && [...keys.keys()].every((key) => key === "old" || key === "new")) {
      return {
        attribute,
        newValues: newKey === undefined ? [] : valuesOf(value[newKey]),
        oldValues: oldKey === undefined ? undefined : valuesOf(value[oldKey]),
      };
    }
  }
  return { attribute, newValues: valuesOf(value), oldValues: undefined };
}

/**
 * Decodes the `fdAuditAttributes` values of one audit event.
 *
 * FusionDirectory writes one JSON object `{"attr": newValue or [values]}` for a `modify` event and bare attribute
 * names for `create`/`remove`/`snapshot` events. Each value that starts with `{` must be a JSON object whose keys
 * are attribute names; several such values are merged (upstream concatenated them, which never parses). Bare names
 * carry no change and are ignored, as upstream did. A `modify` event whose values are not JSON objects, or a value
 * that starts with `{` but does not parse, is an error: the event cannot be trusted, so its subtask fails.
 */
export function decodeAuditAttributes(values: readonly string[], action: string | undefined): DecodedChanges {
  const isModify = action?.trim().toLowerCase() === "modify";
  const changes: AttributeChange[] = [];
  for (const raw of values) {
    const text = raw.trim();
    if (!text.startsWith("{")) {
      if (isModify) return { ok: false, error: `fdAuditAttributes of a modify event is not a JSON object: ${quoteValue(text)}` };
      continue;
    }
    if (text.length > MAX_JSON_LENGTH) return { ok: false, error: `fdAuditAttributes is too large (${text.length} characters)` };
    let decoded: unknown;
    try {
      decoded = JSON.parse(text);
    } catch (error) {
      return { ok: false, error: `fdAuditAttributes is not valid JSON (${error instanceof Error ? error.message : String(error)}): ${quoteValue(text)}` };
    }
    if (!isPlainObject(decoded)) return { ok: false, error: `fdAuditAttributes is not a JSON object: ${quoteValue(text)}` };
    for (const attribute of Object.keys(decoded)) {
      if (!ATTRIBUTE_DESCRIPTION.test(attribute)) return { ok: false, error: `fdAuditAttributes names an invalid attribute ${quoteValue(attribute)}` };
      if (hasOwn(decoded, attribute)) changes.push(changeOf(attribute, decoded[attribute]));
    }
  }
  return { ok: true, changes };
}
