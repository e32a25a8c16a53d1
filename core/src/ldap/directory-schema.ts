import { type DirectoryEntry, isOrchestratorError, LdapUnavailableError, type Logger } from "@fdo/sdk";

/** What {@link DirectorySchema} reads through: the directory, and a count that grows whenever its connection is re-established. */
export interface SchemaSource {
  read(dn: string, attributes?: readonly string[]): Promise<DirectoryEntry | null>;
  readonly bindCount: number;
}

/** The attribute types and object classes a directory's schema declares (every name of each, case-insensitive). */
export class SchemaNames {
  readonly #attributes: ReadonlySet<string>;
  readonly #classes: ReadonlySet<string>;

  constructor(attributeTypes: readonly string[], objectClasses: readonly string[]) {
    this.#attributes = namesOf(attributeTypes);
    this.#classes = namesOf(objectClasses);
  }

  hasAttribute(name: string): boolean {
    return this.#attributes.has(name.toLowerCase());
  }

  hasClass(name: string): boolean {
    return this.#classes.has(name.toLowerCase());
  }
}

const NAME = /\bNAME\s+(?:'([^']*)'|\(([^)]*)\))/i;

/** The names of RFC 4512 definitions: `NAME 'cn'` or `NAME ( 'cn' 'commonName' )`. */
function namesOf(definitions: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const definition of definitions) {
    const match = NAME.exec(definition);
    const list = match?.[1] ?? match?.[2]?.replace(/'/g, " ") ?? "";
    for (const name of list.split(/\s+/)) if (name !== "") names.add(name.toLowerCase());
  }
  return names;
}

interface Loaded {
  /** The source's bind count once read; `undefined` while the read is in flight. */
  binds: number | undefined;
  readonly names: Promise<SchemaNames>;
}

/**
 * The directory's subschema (RFC 4512: the root DSE's `subschemaSubentry`, its `attributeTypes` and `objectClasses`),
 * read once and again after the connection was re-established, since a restarted server may have been upgraded
 * (an FD 1.5 directory given the FD 1.6 schema). A directory that is unreachable is asked again on the next call; one
 * that refuses to show its schema counts as declaring nothing, with a warning.
 */
export class DirectorySchema {
  #loaded: Loaded | undefined;

  constructor(
    private readonly source: SchemaSource,
    private readonly logger: Logger,
  ) {}

  /** The schema as read on the current connection. Throws `FDO_ERR_LDAP_UNAVAILABLE` when the directory cannot be reached. */
  current(): Promise<SchemaNames> {
    const loaded = this.#loaded;
    if (loaded !== undefined && (loaded.binds === undefined || loaded.binds === this.source.bindCount)) return loaded.names;
    const next: Loaded = {
      binds: undefined,
      names: this.#read().then(
        (names) => {
          // Counted after the read, which itself may have (re)connected.
          next.binds = this.source.bindCount;
          return names;
        },
        (error: unknown) => {
          if (this.#loaded === next) this.#loaded = undefined;
          throw error;
        },
      ),
    };
    this.#loaded = next;
    return next.names;
  }

  async #read(): Promise<SchemaNames> {
    try {
      const root = await this.source.read("", ["subschemaSubentry"]);
      const subentry = root?.first("subschemaSubentry");
      if (subentry === undefined) {
        this.logger.warn("the directory names no subschema entry; its schema counts as empty");
        return new SchemaNames([], []);
      }
      const schema = await this.source.read(subentry, ["attributeTypes", "objectClasses"]);
      return new SchemaNames(schema?.values("attributeTypes") ?? [], schema?.values("objectClasses") ?? []);
    } catch (error) {
      if (isOrchestratorError(error) && error.code === LdapUnavailableError.code) throw error;
      this.logger.warn("cannot read the directory's schema; it counts as empty", { err: error });
      return new SchemaNames([], []);
    }
  }
}
