import { defineError } from "@fdo/sdk";

/** The FusionDirectory mail template named by PASSWORD_EXPIRY_MAIL_TEMPLATE is missing or incomplete. */
export const TemplateUnusableError = defineError("FDO_ERR_PASSWORD_EXPIRY_TEMPLATE_UNUSABLE", 500, "the password-expiry mail template is unusable");
