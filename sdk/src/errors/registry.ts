import { defineError } from "./orchestrator-error.js";

// The one registry of host and SDK error codes, grouped by area. Codes are a public contract: never rename
// one; add a new code instead.

// --- configuration -------------------------------------------------------------------------------------
/** Start-up configuration is invalid; `details.problems` lists every problem found. @public */
export const ConfigInvalidError = defineError("FDO_ERR_CONFIG_INVALID", 500, "configuration is invalid");
/** The configuration file cannot be read. @public */
export const ConfigFileUnreadableError = defineError("FDO_ERR_CONFIG_FILE_UNREADABLE", 500, "configuration file cannot be read");

// --- plugins -------------------------------------------------------------------------------------------
/** A plugin package has no usable `fdOrchestrator` manifest. @public */
export const PluginManifestInvalidError = defineError("FDO_ERR_PLUGIN_MANIFEST_INVALID", 500, "plugin manifest is invalid");
/** A plugin was built for an SDK range that does not include this SDK. @public */
export const PluginSdkIncompatibleError = defineError("FDO_ERR_PLUGIN_SDK_INCOMPATIBLE", 500, "plugin was built for another SDK");
/** Importing a plugin's entry module failed. @public */
export const PluginImportFailedError = defineError("FDO_ERR_PLUGIN_IMPORT_FAILED", 500, "plugin entry cannot be imported");
/** A plugin's default export is not a valid plugin definition. @public */
export const PluginDefinitionInvalidError = defineError("FDO_ERR_PLUGIN_DEFINITION_INVALID", 500, "plugin definition is invalid");
/** A plugin's configuration does not validate against its schema. @public */
export const PluginConfigInvalidError = defineError("FDO_ERR_PLUGIN_CONFIG_INVALID", 500, "plugin configuration is invalid");
/** A plugin's init hook threw or timed out. @public */
export const PluginInitFailedError = defineError("FDO_ERR_PLUGIN_INIT_FAILED", 500, "plugin init failed");
/** Two plugins share an id. @public */
export const PluginDuplicateIdError = defineError("FDO_ERR_PLUGIN_DUPLICATE_ID", 500, "plugin id already loaded");
/** Two plugins claim the same URL segment or `fdTasksGranularType` value. @public */
export const PluginDuplicateTaskTypeError = defineError("FDO_ERR_PLUGIN_DUPLICATE_TASK_TYPE", 500, "task type already registered");
/** Strict mode: a plugin failed to load, so the host refuses to start. @public */
export const PluginLoadAbortedError = defineError("FDO_ERR_PLUGIN_LOAD_ABORTED", 500, "a plugin failed to load in strict mode");

// --- authentication ------------------------------------------------------------------------------------
// Messages are upstream's literal texts: the official client and scripts written against the PHP service read them.
/** Login body lacks `username` or `password`. @public */
export const AuthCredentialsMissingError = defineError("FDO_ERR_AUTH_CREDENTIALS_MISSING", 400, "missing login credentials");
/** Unknown account, wrong or empty password, account outside the DSA branch: one answer for all. @public */
export const AuthInvalidCredentialsError = defineError("FDO_ERR_AUTH_INVALID_CREDENTIALS", 401, "invalid authentication");
/** Too many failed logins for this account or address; the response carries `Retry-After`. @public */
export const AuthRateLimitedError = defineError("FDO_ERR_AUTH_RATE_LIMITED", 429, "too many failed login attempts, retry later");
/** No `Authorization` header on a protected route. @public */
export const AuthTokenMissingError = defineError("FDO_ERR_AUTH_TOKEN_MISSING", 401, "incomplete authorization header");
/** An `Authorization` header that is not `Bearer <token>`. @public */
export const AuthHeaderMalformedError = defineError("FDO_ERR_AUTH_HEADER_MALFORMED", 400, "incomplete authorization header");
/** The bearer token is malformed, wrongly signed, of the wrong type or for another issuer/audience. @public */
export const AuthTokenInvalidError = defineError("FDO_ERR_AUTH_TOKEN_INVALID", 401, "invalid signature");
/** The bearer token has expired. @public */
export const AuthTokenExpiredError = defineError("FDO_ERR_AUTH_TOKEN_EXPIRED", 401, "token has expired");
/** Refresh or logout body lacks `token`. @public */
export const AuthRefreshMissingError = defineError("FDO_ERR_AUTH_REFRESH_MISSING", 400, "missing token");
/** The presented refresh token is malformed, expired, wrongly signed or not a refresh token. @public */
export const AuthRefreshInvalidError = defineError("FDO_ERR_AUTH_REFRESH_INVALID", 400, "invalid token");
/** The refresh token was rotated, revoked, logged out or its family was revoked after reuse. @public */
export const AuthRefreshRevokedError = defineError("FDO_ERR_AUTH_REFRESH_REVOKED", 400, "invalid token (not on whitelist)");

// --- HTTP ----------------------------------------------------------------------------------------------
/** No route matches the request path. @public */
export const HttpNotFoundError = defineError("FDO_ERR_HTTP_NOT_FOUND", 404, "not found");
/** The path exists but not for this method; the response carries `Allow`. @public */
export const HttpMethodNotAllowedError = defineError("FDO_ERR_HTTP_METHOD_NOT_ALLOWED", 405, "method not allowed");
/** The request body exceeds the configured limit. @public */
export const HttpPayloadTooLargeError = defineError("FDO_ERR_HTTP_PAYLOAD_TOO_LARGE", 413, "request body too large");
/** The request body is not valid JSON. @public */
export const HttpBadJsonError = defineError("FDO_ERR_HTTP_BAD_JSON", 400, "request body is not valid JSON");
/** The request body has a content type the endpoint does not accept. @public */
export const HttpUnsupportedMediaTypeError = defineError("FDO_ERR_HTTP_UNSUPPORTED_MEDIA_TYPE", 415, "unsupported content type");
/** The request is malformed (bad parameter or body field). @public */
export const HttpBadRequestError = defineError("FDO_ERR_HTTP_BAD_REQUEST", 400, "bad request");
/** The service is not ready (e.g. LDAP unreachable). @public */
export const NotReadyError = defineError("FDO_ERR_HEALTH_NOT_READY", 503, "service not ready");
/** Anything unexpected. The message sent to clients is always generic; the cause is logged. @public */
export const InternalError = defineError("FDO_ERR_INTERNAL", 500, "internal error");

// --- tasks ---------------------------------------------------------------------------------------------
/** No plugin serves this `/api/tasks/<segment>`. @public */
export const TaskTypeUnknownError = defineError("FDO_ERR_TASK_TYPE_UNKNOWN", 404, "unknown task type");

// --- LDAP ----------------------------------------------------------------------------------------------
/** The directory cannot be reached or the bind failed. @public */
export const LdapUnavailableError = defineError("FDO_ERR_LDAP_UNAVAILABLE", 503, "directory unavailable");
/** The entry does not exist. @public */
export const LdapNoSuchObjectError = defineError("FDO_ERR_LDAP_NO_SUCH_OBJECT", 404, "directory entry not found");
/** The entry already exists. @public */
export const LdapAlreadyExistsError = defineError("FDO_ERR_LDAP_ALREADY_EXISTS", 409, "directory entry already exists");
/** A compare-and-swap modify lost the race (value already changed). @public */
export const LdapConflictError = defineError("FDO_ERR_LDAP_CONFLICT", 409, "directory entry changed concurrently");
/** Any other LDAP failure; `details.resultCode` holds the LDAP result code. @public */
export const LdapOperationError = defineError("FDO_ERR_LDAP_OPERATION_FAILED", 502, "directory operation failed");

// --- FusionDirectory REST API ----------------------------------------------------------------------------
/**
 * FusionDirectory's REST API gave no usable answer: unreachable, timed out, TLS refused, or the login failed.
 * 502 because the orchestrator is a gateway to FusionDirectory here and the upstream side failed.
 * @public
 */
export const FusionDirectoryUnavailableError = defineError("FDO_ERR_FD_UNAVAILABLE", 502, "FusionDirectory API unavailable");

/**
 * The request needs FusionDirectory's REST API, but `FUSIONDIRECTORY_WEBSERVICE_URL` (with its login and password)
 * is not configured. 501 Not Implemented: this deployment lacks the capability; the client cannot fix that by
 * changing its request (so not a 4xx), it is not temporary (so not 503), and as a 5xx the error handler logs it,
 * which is where the operator who has to add the configuration will look.
 * @public
 */
export const FusionDirectoryNotConfiguredError = defineError(
  "FDO_ERR_FD_NOT_CONFIGURED",
  501,
  "FusionDirectory API is not configured (set FUSIONDIRECTORY_WEBSERVICE_URL, FUSIONDIRECTORY_WEBSERVICE_LOGIN and FUSIONDIRECTORY_WEBSERVICE_PASSWORD)",
);

// --- mail ----------------------------------------------------------------------------------------------
/** The SMTP server refused or could not be reached. @public */
export const MailSendFailedError = defineError("FDO_ERR_MAIL_SEND_FAILED", 502, "mail could not be sent");
