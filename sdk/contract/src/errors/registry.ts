import { defineError } from "./orchestrator-error.js";

// The codes of the errors a plugin may throw or catch, grouped by area; the host's own codes live in the core. Codes
// are a public contract: never rename one; add a new code instead.

// --- dependency injection ------------------------------------------------------------------------------
/** A constructor's parameter count does not match the tokens given to `Injectable`. @public */
export const InjectableArityError = defineError("FDO_ERR_DI_ARITY_MISMATCH", 500, "constructor parameters and tokens differ");

// --- HTTP ----------------------------------------------------------------------------------------------
/** The request is malformed (bad parameter or body field). @public */
export const HttpBadRequestError = defineError("FDO_ERR_HTTP_BAD_REQUEST", 400, "bad request");

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
