import { readFile } from "node:fs/promises";
import { parse } from "dotenv";
import { ConfigFileUnreadableError, ConfigInvalidError } from "../errors/registry.js";
import { validateConfig, type ConfigProblem, type RawConfig } from "./validate-config.js";
import { coreConfigSchema, type CoreConfig } from "./core-schema.js";
import { hardeningProblems, hardeningWarnings } from "./hardening-checks.js";

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
  /** Keys set in the file, to report unknown ones once plugins have declared theirs. */
  readonly fileKeys: readonly string[];
  readonly file: string | undefined;
  /** Things worth telling an admin that do not stop start-up. */
  readonly warnings: readonly string[];
}

async function readConfigFile(file: string, explicit: boolean): Promise<Record<string, string> | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigFileUnreadableError(`configuration file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? "error"}`, { cause: error });
  }
  return parse(text);
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
  if (raw["MAIL_SEC_VERIFY"] !== undefined && !config.mailSecVerify) {
    warnings.push("MAIL_SEC_VERIFY=FALSE no longer disables certificate checks; set MAIL_TLS_INSECURE=TRUE to do that explicitly");
  }
  if (config.mailDebug) warnings.push("MAIL_DEBUG is accepted for compatibility and ignored; LOG_LEVEL=debug logs each mail sent");
  if (config.ldapTlsInsecure) warnings.push("LDAP_TLS_INSECURE=TRUE: LDAP server certificates are not verified");
  if (config.mailTlsInsecure) warnings.push("MAIL_TLS_INSECURE=TRUE: SMTP server certificates are not verified");
  return warnings;
}

/**
 * Reads orchestrator.conf (dotenv syntax, upstream keys of both generations), lets environment variables
 * override it, and validates everything at once. Throws `FDO_ERR_CONFIG_INVALID` whose `details.problems` names
 * each bad key; secret values never appear in it.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const file = options.file ?? DEFAULT_CONFIG_FILE;
  const fileValues = await readConfigFile(file, options.file !== undefined);
  const fromFile = fileValues ?? {};
  const raw: RawConfig = { ...fromFile, ...(options.env ?? process.env) };
  const validation = validateConfig(coreConfigSchema, raw);
  const problems = validation.ok ? [...crossFieldProblems(validation.config), ...hardeningProblems(validation.config, raw)] : [...validation.problems];
  if (!validation.ok || problems.length > 0) {
    throw new ConfigInvalidError(`configuration is invalid: ${problems.map((problem) => problem.message).join("; ")}`, {
      details: { problems },
    });
  }
  return {
    core: validation.config,
    raw,
    fileKeys: Object.keys(fromFile),
    file: fileValues === undefined ? undefined : file,
    warnings: [...warningsFor(validation.config, raw), ...hardeningWarnings(validation.config, raw)],
  };
}
