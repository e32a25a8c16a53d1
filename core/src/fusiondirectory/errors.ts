import { defineError } from "@fdo/sdk";

// Core-only codes: plugins never construct these, they receive them from the host's FusionDirectory client.

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
