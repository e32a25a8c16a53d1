import { defineError } from "@fdo/sdk";

// The host's own error codes, grouped by area; the codes a plugin may throw or catch live in @fdo/sdk. Codes are a
// public contract: never rename one; add a new code instead.

// --- configuration -------------------------------------------------------------------------------------
/** Start-up configuration is invalid; `details.problems` lists every problem found. */
export const ConfigInvalidError = defineError("FDO_ERR_CONFIG_INVALID", 500, "configuration is invalid");
/** The configuration file cannot be read. */
export const ConfigFileUnreadableError = defineError("FDO_ERR_CONFIG_FILE_UNREADABLE", 500, "configuration file cannot be read");

// --- plugins -------------------------------------------------------------------------------------------
/** A plugin package has no usable `fdOrchestrator` manifest. */
export const PluginManifestInvalidError = defineError("FDO_ERR_PLUGIN_MANIFEST_INVALID", 500, "plugin manifest is invalid");
/** A plugin was built for an SDK range that does not include this SDK. */
export const PluginSdkIncompatibleError = defineError("FDO_ERR_PLUGIN_SDK_INCOMPATIBLE", 500, "plugin was built for another SDK");
/** Importing a plugin's entry module failed. */
export const PluginImportFailedError = defineError("FDO_ERR_PLUGIN_IMPORT_FAILED", 500, "plugin entry cannot be imported");
/** A plugin's default export is not a valid plugin definition. */
export const PluginDefinitionInvalidError = defineError("FDO_ERR_PLUGIN_DEFINITION_INVALID", 500, "plugin definition is invalid");
/** A plugin's configuration does not validate against its schema. */
export const PluginConfigInvalidError = defineError("FDO_ERR_PLUGIN_CONFIG_INVALID", 500, "plugin configuration is invalid");
/** A plugin's init hook threw or timed out. */
export const PluginInitFailedError = defineError("FDO_ERR_PLUGIN_INIT_FAILED", 500, "plugin init failed");
/** Two plugins share an id. */
export const PluginDuplicateIdError = defineError("FDO_ERR_PLUGIN_DUPLICATE_ID", 500, "plugin id already loaded");
/** Two plugins claim the same URL segment or `fdTasksGranularType` value. */
export const PluginDuplicateTaskTypeError = defineError("FDO_ERR_PLUGIN_DUPLICATE_TASK_TYPE", 500, "task type already registered");
/** Strict mode: a plugin failed to load, so the host refuses to start. */
export const PluginLoadAbortedError = defineError("FDO_ERR_PLUGIN_LOAD_ABORTED", 500, "a plugin failed to load in strict mode");

// --- authentication ------------------------------------------------------------------------------------
// Messages are upstream's literal texts: the official client and scripts written against the PHP service read them.
/** Login body lacks `username` or `password`. */
export const AuthCredentialsMissingError = defineError("FDO_ERR_AUTH_CREDENTIALS_MISSING", 400, "missing login credentials");
/** Unknown account, wrong or empty password, account outside the DSA branch: one answer for all. */
export const AuthInvalidCredentialsError = defineError("FDO_ERR_AUTH_INVALID_CREDENTIALS", 401, "invalid authentication");
/** Too many failed logins for this account or address; the response carries `Retry-After`. */
export const AuthRateLimitedError = defineError("FDO_ERR_AUTH_RATE_LIMITED", 429, "too many failed login attempts, retry later");
/** No `Authorization` header on a protected route. */
export const AuthTokenMissingError = defineError("FDO_ERR_AUTH_TOKEN_MISSING", 401, "incomplete authorization header");
/** An `Authorization` header that is not `Bearer <token>`. */
export const AuthHeaderMalformedError = defineError("FDO_ERR_AUTH_HEADER_MALFORMED", 400, "incomplete authorization header");
/** The bearer token is malformed, wrongly signed, of the wrong type or for another issuer/audience. */
export const AuthTokenInvalidError = defineError("FDO_ERR_AUTH_TOKEN_INVALID", 401, "invalid signature");
/** The bearer token has expired. */
export const AuthTokenExpiredError = defineError("FDO_ERR_AUTH_TOKEN_EXPIRED", 401, "token has expired");
/** Refresh or logout body lacks `token`. */
export const AuthRefreshMissingError = defineError("FDO_ERR_AUTH_REFRESH_MISSING", 400, "missing token");
/** The presented refresh token is malformed, expired, wrongly signed or not a refresh token. */
export const AuthRefreshInvalidError = defineError("FDO_ERR_AUTH_REFRESH_INVALID", 400, "invalid token");
/** The refresh token was rotated, revoked, logged out or its family was revoked after reuse. */
export const AuthRefreshRevokedError = defineError("FDO_ERR_AUTH_REFRESH_REVOKED", 400, "invalid token (not on whitelist)");

// --- HTTP ----------------------------------------------------------------------------------------------
/** No route matches the request path. */
export const HttpNotFoundError = defineError("FDO_ERR_HTTP_NOT_FOUND", 404, "not found");
/** The path exists but not for this method; the response carries `Allow`. */
export const HttpMethodNotAllowedError = defineError("FDO_ERR_HTTP_METHOD_NOT_ALLOWED", 405, "method not allowed");
/** The request body exceeds the configured limit. */
export const HttpPayloadTooLargeError = defineError("FDO_ERR_HTTP_PAYLOAD_TOO_LARGE", 413, "request body too large");
/** The request body is not valid JSON. */
export const HttpBadJsonError = defineError("FDO_ERR_HTTP_BAD_JSON", 400, "request body is not valid JSON");
/** The service is not ready (e.g. LDAP unreachable). */
export const NotReadyError = defineError("FDO_ERR_HEALTH_NOT_READY", 503, "service not ready");
/** Anything unexpected. The message sent to clients is always generic; the cause is logged. */
export const InternalError = defineError("FDO_ERR_INTERNAL", 500, "internal error");

// --- tasks ---------------------------------------------------------------------------------------------
/** No plugin serves this `/api/tasks/<segment>`. */
export const TaskTypeUnknownError = defineError("FDO_ERR_TASK_TYPE_UNKNOWN", 404, "unknown task type");
/** No run of that id in this instance's run history (it ran elsewhere, or was pushed out by newer ones). */
export const RunNotFoundError = defineError("FDO_ERR_RUN_NOT_FOUND", 404, "run not found");
