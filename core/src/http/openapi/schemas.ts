// JSON Schemas (OpenAPI 3.1 dialect) of the host's own request and response bodies.

export const errorSchema = {
  type: "object",
  required: ["code", "message"],
  properties: {
    code: { type: "string", description: "stable error code, e.g. FDO_ERR_AUTH_TOKEN_EXPIRED", examples: ["FDO_ERR_AUTH_INVALID_CREDENTIALS"] },
    message: { type: "string", description: "human text; upstream's literal text where there was one" },
    details: { type: "object", additionalProperties: true },
  },
} as const;

export const tokenPairSchema = {
  type: "object",
  required: ["access_token", "refresh_token"],
  properties: { access_token: { type: "string", description: "JWT, HS256, token_use=access" }, refresh_token: { type: "string", description: "JWT, HS256, token_use=refresh" } },
} as const;

export const loginBodySchema = {
  type: "object",
  required: ["username", "password"],
  properties: { username: { type: "string", description: "DSA account (cn)" }, password: { type: "string", format: "password" } },
} as const;

export const refreshBodySchema = { type: "object", required: ["token"], properties: { token: { type: "string", description: "refresh token" } } } as const;

export const summarySchema = {
  type: "object",
  required: ["eligible", "processed", "succeeded", "skipped", "failed", "unknown", "durationMs"],
  properties: {
    eligible: { type: "integer" },
    processed: { type: "integer" },
    succeeded: { type: "integer" },
    skipped: { type: "integer", description: "nothing to do, held back by the anti-spam cap, or refused for now (SMTP 4xx: due again, its attempt counted)" },
    failed: { type: "integer" },
    unknown: {
      type: "integer",
      description:
        "delivery unknown (the run died while sending, or the connection dropped after the message was handed over): never sent again unless restartFailedTasks is asked with includeUnknown",
    },
    durationMs: { type: "integer" },
  },
} as const;

export const runResultSchema = {
  type: "object",
  description:
    "upstream's per-subtask results keyed by subtask DN, plus the run summary, last (or a message when nothing was due). Streamed as the subtasks settle: " +
    "a run that loses the directory before any of it was sent answers 503 with the partial summary; one that loses it later keeps its 200 and ends with an `error` member before the summary",
  properties: {
    summary: summarySchema,
    message: { type: "string" },
    error: { $ref: "#/components/schemas/Error", description: "why the run stopped after part of its answer was sent (FDO_ERR_LDAP_UNAVAILABLE): rerun to finish the work" },
  },
  additionalProperties: true,
} as const;

export const subtaskListSchema = {
  type: "object",
  required: ["segment", "total", "offset", "limit", "subtasks"],
  properties: {
    segment: { type: "string" },
    granularTypes: { type: "array", items: { type: "string" } },
    total: { type: "integer" },
    offset: { type: "integer" },
    limit: { type: "integer" },
    subtasks: {
      type: "array",
      items: {
        type: "object",
        properties: {
          dn: { type: "string" },
          cn: { type: "string" },
          type: { type: "string" },
          main: { type: "string" },
          status: { type: "string" },
          state: { enum: ["due", "scheduled", "running", "done", "nothing", "failed"] },
          schedule: { type: ["string", "null"], format: "date-time" },
          target: { type: "string" },
          error: { type: "string" },
        },
      },
    },
  },
} as const;
