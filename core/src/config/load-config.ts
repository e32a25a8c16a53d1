import { readFile } from "node:fs/promises";
import type { ConfigSchema, InferConfig } from "@fdo/sdk";
import { parse } from "dotenv";
import { ConfigFileUnreadableError, ConfigInvalidError } from "../errors/registry.js";
import { upstreamOpportunisticTls, upstreamVerifyOptOut } from "../mail/smtp-transport-settings.js";
import { SCHEDULE_KEY_PREFIX } from "../scheduler/schedule-config.js";
import { CLIENT_ONLY_KEYS, type CoreConfig, coreConfigSchema } from "./core-schema.js";
import { hardeningProblems, hardeningWarnings } from "./hardening-checks.js";
import { checkPluginSettings } from "./plugin-settings.js";
import { scanConfigLines } from "./scan-config-lines.js";
import { secretKeyProblems } from "./secret-key-strength.js";
import { type ConfigProblem, type RawConfig, schemaKeys, validateConfig } from "./validate-config.js";

/** Where upstream packages install the configuration file. */
export const DEFAULT_CONFIG_FILE = "/etc/fusiondirectory-orchestrator/orchestrator.conf";

export interface LoadConfigOptions {
  /** File chosen with `--config`; it must exist. Without it the default file is read when present. */
  readonly file?: string;
  /** Environment whose variables override the file (newest upstream semantics). Default `process.env`. */
  readonly env?: RawConfig;
}

export interface LoadedConfig {
  readonly core: CoreConfig;
  /** File values overridden by the environment: plugins validate their own keys from it. */
  readonly raw: RawConfig;
  /** Keys set in the file. */
  readonly fileKeys: readonly string[];
  readonly file: string | undefined;
  /** Things worth telling an admin that do not stop start-up, unknown keys included. */
  readonly warnings: readonly string[];
}

interface ConfigFileContent {
  readonly values: Record<string, string>;
  readonly problems: ConfigProblem[];
  readonly warnings: string[];
}

async function readConfigFile(file: string, explicit: boolean): Promise<ConfigFileContent | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigFileUnreadableError(`configuration file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { cause: error });
  }
  const scan = scanConfigLines(text);
  return {
    values: parse(text),
    problems: [
      ...scan.malformed.map(({ line, keyLike }) => ({
        key: `line ${line}`,
        message: `${file} line ${line}${keyLike === undefined ? "" : ` (${keyLike} ...)`} is not KEY="value" and would be ignored`,
      })),
      ...scan.unbalanced.map(({ key, line }) => ({
        key,
        message: `${file} line ${line}: the quote opening the value of ${key} is not closed at the end of a line, so the quotes would become part of the value`,
      })),
    ],
    warnings: scan.multiline.map(({ key, from, to }) => `${file} lines ${from}-${to}: the quoted value of ${key} spans several lines (a missing closing quote?)`),
  };
}

/**
 * The configuration as far as it is valid, so that cross-field rules can still be checked when some keys are
 * not: each invalid or missing field takes its default (required ones stay undefined).
 */
function validPart<S extends ConfigSchema>(schema: S, raw: RawConfig): InferConfig<S> {
  const entries = Object.entries(schema).map(([property, spec]) => {
    const one = validateConfig({ [property]: spec }, raw);
    return [property, one.ok ? one.config[property] : spec.defaultValue];
  });
  return Object.fromEntries(entries) as InferConfig<S>;
}

function crossFieldProblems(config: CoreConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.mailAuth && (config.mailUser === undefined || config.mailPassword === undefined)) {
    problems.push({ key: "MAIL_AUTH", message: "MAIL_AUTH is TRUE but MAIL_USER or MAIL_PASS is missing" });
  }
  if ((config.fdApiLogin === undefined) !== (config.fdApiPassword === undefined)) {
    problems.push({ key: "FUSIONDIRECTORY_WEBSERVICE_LOGIN", message: "FUSIONDIRECTORY_WEBSERVICE_LOGIN and FUSIONDIRECTORY_WEBSERVICE_PASSWORD go together" });
  }
  const overlap = config.pluginsEnabled.filter((id) => config.pluginsDisabled.includes(id));
  if (overlap.length > 0) {
    problems.push({ key: "PLUGINS_ENABLED", message: `PLUGINS_ENABLED and PLUGINS_DISABLED both name ${overlap.join(", ")}` });
  }
  return problems;
}

function warningsFor(config: CoreConfig, raw: RawConfig): string[] {
  const warnings: string[] = [];
  if (upstreamVerifyOptOut(config, raw)) {
    const starttls = upstreamOpportunisticTls(config, raw) ? " and STARTTLS is used only when the server offers it" : "";
    warnings.push(
      `MAIL_SEC_VERIFY=FALSE keeps upstream's meaning: SMTP server certificates are NOT verified${starttls}; ` +
        "MAIL_TLS_INSECURE=TRUE is the explicit name for this (remove MAIL_SEC_VERIFY to verify certificates)",
    );
  } else if (raw["MAIL_SEC_VERIFY"] !== undefined && !config.mailSecVerify) {
    warnings.push("MAIL_SEC_VERIFY=FALSE is ignored: MAIL_TLS_INSECURE is set and decides SMTP certificate verification");
  }
  if (config.mailDebug) warnings.push("MAIL_DEBUG is accepted for compatibility and ignored; LOG_LEVEL=debug logs each mail sent");
  if (config.ldapTlsInsecure) warnings.push("LDAP_TLS_INSECURE=TRUE: LDAP server certificates are not verified");
  if (config.mailTlsInsecure) warnings.push("MAIL_TLS_INSECURE=TRUE: SMTP server certificates are not verified");
  return warnings;
}

function unknownKeyWarnings(fileKeys: readonly string[], pluginKeys: readonly string[]): string[] {
  const known = new Set([...schemaKeys(coreConfigSchema), ...CLIENT_ONLY_KEYS, ...pluginKeys]);
  // SCHEDULE_<SEGMENT> keys are checked against the loaded task types once the plugins have loaded.
  return fileKeys.filter((key) => !known.has(key) && !key.startsWith(SCHEDULE_KEY_PREFIX)).map((key) => `${key} is set but nothing reads it (a typo, or a key of a plugin that is not loaded?)`);
}

/**
 * Reads orchestrator.conf (dotenv syntax, upstream keys of both generations), lets environment variables
 * override it, and checks everything in one pass: lines that are not `KEY=value`, every value, the signing key,
 * cross-field rules, the plugin directories and ids, and the keys of the plugins that will load. Throws
 * `FDO_ERR_CONFIG_INVALID` whose `details.problems` names each problem and `details.warnings` lists the
 * warnings; secret values never appear in either.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const file = options.file ?? DEFAULT_CONFIG_FILE;
  const content = await readConfigFile(file, options.file !== undefined);
  const fromFile = content?.values ?? {};
  const raw: RawConfig = { ...fromFile, ...(options.env ?? process.env) };
  const validation = validateConfig(coreConfigSchema, raw);
  const core = validation.ok ? validation.config : validPart(coreConfigSchema, raw);
  const plugins = await checkPluginSettings(core, raw);
  const problems = [
    ...(content?.problems ?? []),
    ...(validation.ok ? [] : validation.problems),
    ...secretKeyProblems(core.secretKey),
    ...crossFieldProblems(core),
    ...hardeningProblems(core, raw),
    ...plugins.problems,
  ];
  const warnings = [...(content?.warnings ?? []), ...warningsFor(core, raw), ...hardeningWarnings(core, raw), ...unknownKeyWarnings(Object.keys(fromFile), plugins.pluginKeys)];
  if (problems.length > 0) {
    throw new ConfigInvalidError(`configuration is invalid: ${problems.map((problem) => problem.message).join("; ")}`, {
      details: { problems, warnings },
    });
  }
  return { core, raw, fileKeys: Object.keys(fromFile), file: content === undefined ? undefined : file, warnings };
}
