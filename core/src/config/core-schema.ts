import { field, type InferConfig } from "@fdo/sdk";

const DN_HINT = "must be a DN such as ou=dsa,dc=example,dc=org";
const DN_PATTERN = /^[A-Za-z][\w-]*=[^,]+(?:,[A-Za-z][\w-]*=[^,]+)*$/;

/**
 * Every key the host reads from orchestrator.conf. Upstream 1.1 names are accepted as aliases of the newer
 * names so both generations of configuration files keep working.
 */
export const coreConfigSchema = {
  ldapUri: field.url({ key: "LDAP_URI", aliases: ["FD_LDAP_MASTER_URL"], description: "LDAP server URI", required: true, protocols: ["ldap:", "ldaps:"] }),
  ldapBase: field.string({ key: "LDAP_BASE", description: "directory base DN", required: true, pattern: DN_PATTERN, patternHint: DN_HINT }),
  ldapBindDn: field.string({ key: "LDAP_BIND_DN", aliases: ["LDAP_ADMIN"], description: "DN the orchestrator binds as", required: true, pattern: DN_PATTERN, patternHint: DN_HINT }),
  ldapPassword: field.string({ key: "LDAP_PASSWORD", aliases: ["LDAP_PWD"], description: "password of the bind DN", required: true, secret: true }),
  ldapDsaBranch: field.string({ key: "LDAP_OU_DSA", aliases: ["ORCHESTRATOR_ACCOUNT_BRANCH"], description: "branch of the DSA accounts allowed to log in", pattern: DN_PATTERN, patternHint: DN_HINT }),
  ldapTlsInsecure: field.boolean({ key: "LDAP_TLS_INSECURE", description: "TRUE disables certificate verification for ldaps:// (never in production)", default: false }),
  ldapCaFile: field.string({ key: "LDAP_CA_FILE", description: "PEM file of the CA that signed the LDAP server certificate" }),
  ldapPageSize: field.integer({ key: "LDAP_PAGE_SIZE", description: "entries per page of paged searches", default: 500, min: 1, max: 10000 }),
  ldapTimeoutMs: field.integer({ key: "LDAP_TIMEOUT_MS", description: "timeout of one LDAP operation in milliseconds", default: 10000, min: 100, max: 600000 }),

  secretKey: field.string({
    key: "SECRET_KEY",
    description: "token signing key, at least 32 random bytes: make one with openssl rand -base64 48 (published samples and plainly non-random keys are refused)",
    required: true,
    secret: true,
  }),
  tokenExpiry: field.integer({ key: "TOKEN_EXPIRY", description: "access token lifetime in seconds", default: 300, min: 10, max: 86400 }),
  jwtIssuer: field.string({ key: "JWT_ISSUER", description: "iss claim of the tokens this service issues and accepts", default: "fusiondirectory-orchestrator" }),
  jwtAudience: field.string({ key: "JWT_AUDIENCE", description: "aud claim of the tokens this service issues and accepts", default: "fusiondirectory-orchestrator" }),
  refreshExpiry: field.integer({ key: "REFRESH_EXPIRY", description: "refresh token lifetime in seconds", default: 432000, min: 60, max: 31536000 }),

  ldapTokenBranch: field.string({
    key: "LDAP_TOKEN_BRANCH",
    aliases: ["ORCHESTRATOR_TOKEN_BRANCH"],
    description: "branch holding refresh-token entries (fdJWT); default FusionDirectory's fdOrchestratorTokenRDN (FD 1.6), else the DSA branch",
    pattern: DN_PATTERN,
    patternHint: DN_HINT,
  }),
  refreshAbsoluteLifetime: field.integer({
    key: "REFRESH_ABSOLUTE_LIFETIME",
    description: "longest a login's session may be kept alive by refreshing, in seconds; a new login is required after it",
    default: 2592000,
    min: 60,
    max: 31536000,
  }),
  refreshOverlapSeconds: field.integer({
    key: "REFRESH_OVERLAP_SECONDS",
    description: "how long a just-rotated refresh token may be replayed (client retries) without revoking its family",
    default: 10,
    min: 0,
    max: 300,
  }),
  refreshFamiliesPerAccount: field.integer({
    key: "REFRESH_FAMILIES_PER_ACCOUNT",
    description: "live refresh-token families (logins) kept per account; a new login beyond it revokes the least recently used one",
    default: 20,
    min: 1,
    max: 10000,
  }),
  authFailureWindowSeconds: field.integer({ key: "AUTH_FAILURE_WINDOW_SECONDS", description: "window over which failed logins are counted, and lockout length", default: 900, min: 1, max: 86400 }),
  authMaxFailures: field.integer({ key: "AUTH_MAX_FAILURES", description: "failed logins per account within the window before 429", default: 10, min: 1, max: 1000 }),
  authIpMaxFailures: field.integer({ key: "AUTH_IP_MAX_FAILURES", description: "failed logins per client address within the window before 429", default: 30, min: 1, max: 10000 }),
  authFailureDelayMs: field.integer({
    key: "AUTH_FAILURE_DELAY_MS",
    description: "base of the progressive delay after the third failure (doubles each time, at most 16x)",
    default: 250,
    min: 0,
    max: 10000,
  }),

  claimLeaseSeconds: field.integer({ key: "TASKS_CLAIM_LEASE_SECONDS", description: "how long a run owns a claimed subtask before another run may take it over", default: 900, min: 30, max: 86400 }),
  claimsBranch: field.string({
    key: "CLAIMS_BRANCH",
    description:
      "branch of the plugins' claims (one ou= per plugin, created when missing) and of the anti-spam window all runs share (cn=anti-spam-window); default ou=claims under the refresh-token branch",
    pattern: DN_PATTERN,
    patternHint: DN_HINT,
  }),
  maxAttempts: field.integer({
    key: "TASKS_MAX_ATTEMPTS",
    description: "runs a subtask refused for now (SMTP 4xx, after the in-run retries) is tried in before it fails for good",
    default: 5,
    min: 1,
    max: 100,
  }),
  nothingToDo: field.enum({
    key: "TASKS_NOTHING_TO_DO",
    description:
      "what a subtask with nothing to do becomes; unset: per subtask by its FusionDirectory generation (FD 1.5 type spellings deleted as orchestrator 1.1 did, FD 1.6 set to 3); status: always 3; delete: always removed",
    values: ["status", "delete"] as const,
  }),

  mailHost: field.string({ key: "MAIL_HOST", description: "SMTP server host", default: "127.0.0.1" }),
  mailPort: field.integer({ key: "MAIL_PORT", description: "SMTP server port", default: 25, min: 1, max: 65535 }),
  mailAuth: field.boolean({ key: "MAIL_AUTH", description: "TRUE to authenticate with MAIL_USER/MAIL_PASS", default: false }),
  mailUser: field.string({ key: "MAIL_USER", description: "SMTP user" }),
  mailPassword: field.string({ key: "MAIL_PASS", description: "SMTP password", secret: true }),
  mailSecurity: field.enum({
    key: "MAIL_SEC",
    description: "ssl (implicit TLS), tls or starttls (STARTTLS, never falling back to plain text), none; under MAIL_SEC_VERIFY=FALSE, tls or no value means STARTTLS when offered, as upstream",
    values: ["ssl", "tls", "starttls", "none"] as const,
    default: "none",
  }),
  mailSecVerify: field.boolean({
    key: "MAIL_SEC_VERIFY",
    description: "upstream switch: FALSE skips SMTP certificate checks as upstream did, with a warning (MAIL_TLS_INSECURE is the explicit name and wins when set)",
    default: true,
  }),
  mailTlsInsecure: field.boolean({ key: "MAIL_TLS_INSECURE", description: "TRUE disables SMTP certificate verification (never in production)", default: false }),
  mailAllowPlainAuth: field.boolean({
    key: "MAIL_ALLOW_PLAIN_AUTH",
    description: "TRUE accepts MAIL_AUTH=TRUE with MAIL_SEC=none, which sends the SMTP password unencrypted (refused otherwise)",
    default: false,
  }),
  mailDebug: field.boolean({ key: "MAIL_DEBUG", description: "upstream key, accepted and ignored (upstream never used it either); LOG_LEVEL=debug logs each send", default: false }),

  fdApiUrl: field.url({
    key: "FUSIONDIRECTORY_WEBSERVICE_URL",
    aliases: ["FUSION_DIRECTORY_API_URL"],
    description: "FusionDirectory REST base ending in /rest.php/v1",
    protocols: ["http:", "https:"],
  }),
  fdApiLogin: field.string({ key: "FUSIONDIRECTORY_WEBSERVICE_LOGIN", aliases: ["WEB_LOGIN"], description: "FusionDirectory webservice user" }),
  fdApiPassword: field.string({ key: "FUSIONDIRECTORY_WEBSERVICE_PASSWORD", aliases: ["WEB_PASS"], description: "FusionDirectory webservice password", secret: true }),

  httpHost: field.string({ key: "HTTP_HOST", description: "address the HTTP server listens on", default: "127.0.0.1" }),
  httpPort: field.integer({ key: "HTTP_PORT", description: "HTTP port (0 picks a free one)", default: 8080, min: 0, max: 65535 }),
  httpBasePath: field.string({
    key: "HTTP_BASE_PATH",
    description: "path prefix of the API, e.g. /orchestrator",
    default: "",
    pattern: /^(\/[A-Za-z0-9._~-]+)*$/,
    patternHint: "must be empty or like /orchestrator (no trailing slash)",
  }),
  httpBodyLimit: field.integer({ key: "HTTP_BODY_LIMIT", description: "largest accepted request body in bytes (413 above)", default: 65536, min: 1024, max: 10485760 }),
  httpTrustProxy: field.boolean({
    key: "HTTP_TRUST_PROXY",
    description: "TRUE to take the client address from X-Forwarded-For (behind a reverse proxy), trusting only HTTP_TRUSTED_PROXIES",
    default: false,
  }),
  httpTrustedProxies: field.list({
    key: "HTTP_TRUSTED_PROXIES",
    description: "comma-separated addresses or CIDRs of the reverse proxies whose X-Forwarded-For is believed; the client is the right-most address not in this list",
    default: ["127.0.0.1", "::1"],
  }),

  pluginsDirs: field.list({
    key: "PLUGINS_DIR",
    description: "comma-separated directories scanned for plugin packages, after the built-in one; each must exist and hold plugin packages (not be one)",
    default: [],
  }),
  pluginsEnabled: field.list({ key: "PLUGINS_ENABLED", description: "comma-separated plugin ids to load (all when empty); an id no plugin has is an error", default: [] }),
  pluginsDisabled: field.list({ key: "PLUGINS_DISABLED", description: "comma-separated plugin ids never loaded; an id no plugin has is an error", default: [] }),
  pluginsStrict: field.boolean({ key: "PLUGINS_STRICT", description: "TRUE aborts start-up when any plugin fails to load", default: false }),
  pluginsBuiltin: field.boolean({ key: "PLUGINS_BUILTIN", description: "FALSE skips the plugins shipped with the orchestrator", default: true }),
  pluginInitTimeoutMs: field.integer({ key: "PLUGINS_INIT_TIMEOUT_MS", description: "time a plugin's init or stop hook may take", default: 10000, min: 100, max: 600000 }),

  schedulerTimezone: field.string({ key: "SCHEDULER_TIMEZONE", description: "IANA time zone of the SCHEDULE_<SEGMENT> cron expressions (e.g. Europe/Paris); default the process's zone" }),
  schedulerCatchUp: field.boolean({
    key: "SCHEDULER_CATCH_UP",
    description: "TRUE runs a scheduled segment once at start-up when its last scheduled run is older than its previous tick (downtime)",
    default: true,
  }),
  schedulerBranch: field.string({
    key: "SCHEDULER_BRANCH",
    description: "branch of the scheduler's lease entries (one per scheduled segment, created when missing); default ou=scheduler under the refresh-token branch",
    pattern: DN_PATTERN,
    patternHint: DN_HINT,
  }),
  schedulerLeaseSeconds: field.integer({
    key: "SCHEDULER_LEASE_SECONDS",
    description: "lease of a scheduled run, renewed while it runs; a crashed holder's lease lets other instances run after this long",
    default: 120,
    min: 10,
    max: 86400,
  }),
  runsHistory: field.integer({ key: "RUNS_HISTORY", description: "runs (API and scheduled) each instance keeps in memory for GET /api/runs", default: 1000, min: 1, max: 100000 }),
  metricsEnabled: field.boolean({ key: "METRICS_ENABLED", description: "TRUE serves Prometheus metrics on GET <base>/metrics (404 otherwise)", default: false }),
  metricsToken: field.string({ key: "METRICS_TOKEN", description: "when set, /metrics requires Authorization: Bearer <METRICS_TOKEN> (the API's access tokens are not accepted there)", secret: true }),

  logLevel: field.enum({
    key: "LOG_LEVEL",
    description: "debug, info, warn or error (JSON lines on stdout; secret fields redacted)",
    values: ["debug", "info", "warn", "error"] as const,
    default: "info",
  }),
} as const;

/** Keys a client reads from the same file (upstream 1.1 shared it); accepted here without a warning. */
export const CLIENT_ONLY_KEYS: readonly string[] = ["DSA_LOGIN", "DSA_PASS", "ORCHESTRATOR_API_URL", "ORCHESTRATOR_LOGIN", "ORCHESTRATOR_PASSWORD"];

/** The validated host configuration. */
export type CoreConfig = InferConfig<typeof coreConfigSchema>;
