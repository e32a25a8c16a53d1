import type { Logger } from "@fdo/sdk";
import type { CoreConfig } from "../config/core-schema.js";
import { FusionDirectoryRestClient } from "./rest-client.js";

const TIMEOUT_MS = 10_000;

/**
 * The host's FusionDirectory client, or `undefined` when `FUSIONDIRECTORY_WEBSERVICE_URL` is not set: features that
 * need FusionDirectory then answer `FDO_ERR_FD_NOT_CONFIGURED`. A URL without login or password is a half-done
 * configuration, reported at start-up rather than as a confusing login failure on the first call.
 */
export function createFusionDirectoryClient(config: CoreConfig, logger: Logger): FusionDirectoryRestClient | undefined {
  if (config.fdApiUrl === undefined) return undefined;
  if (config.fdApiLogin === undefined || config.fdApiPassword === undefined) {
    logger.warn("FUSIONDIRECTORY_WEBSERVICE_URL is set without FUSIONDIRECTORY_WEBSERVICE_LOGIN and _PASSWORD; FusionDirectory calls are disabled");
    return undefined;
  }
  return new FusionDirectoryRestClient({
    baseUrl: config.fdApiUrl,
    login: config.fdApiLogin,
    password: config.fdApiPassword,
    timeoutMs: TIMEOUT_MS,
    logger: logger.child({ service: "fusiondirectory" }),
  });
}
