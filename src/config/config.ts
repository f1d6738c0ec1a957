import { z } from 'zod';

/**
 * The service's whole configuration, validated once at start from the environment. Nothing else in
 * the code base reads `process.env`: this value is injected where needed (token `APP_CONFIG`).
 */
export interface AppConfig {
  /** External PostgreSQL; undefined = start the embedded one under `dataDir`. */
  databaseUrl: string | undefined;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Pretty, human-readable logs (default: when stdout is a terminal). */
  logPretty: boolean;
  dataDir: string;
  embeddedPostgresPort: number;
  /** Largest accepted upload body, in bytes. */
  maxUploadBytes: number;
  nodeEnv: string;
  /** Run analysis workers inside the API process (`false`: only `npm run worker` processes analyse). */
  workersInProcess: boolean;
  workerConcurrency: number;
  /** A job running longer than this is considered stuck (its worker died) and retried. */
  jobTimeoutSeconds: number;
  jobRetryLimit: number;
  /** How often the queue looks for expired jobs and snapshots left without a job. */
  jobMaintenanceSeconds: number;
  jobPollSeconds: number;
  /** `GET /metrics` needs an API key (read scope) when true; open to any scraper otherwise. */
  metricsRequireAuth: boolean;
  /** `required`: every route but /health and /api/docs needs an API key; `off` (loopback HOST only): no checks, for local tests. */
  auth: 'required' | 'off';
  /** The only directory a cluster's kubeconfigPath may point into; undefined = no kubeconfig captures. */
  kubeconfigDir: string | undefined;
  /** OIDC/JWT bearer tokens accepted besides API keys; undefined = API keys only. */
  oidc: OidcConfig | undefined;
  graphql: GraphqlLimits;
  /** Origins allowed to call the API from a browser (CORS); empty = no CORS headers at all. */
  corsOrigins: string[];
  /** Requests per key (or client address when anonymous) per window; 0 = no limit. */
  rateLimit: { limit: number; windowSeconds: number };
  /** A request still unanswered after this long gets 503 TIMEOUT; 0 = no limit. */
  requestTimeoutSeconds: number;
  /** PostgreSQL `statement_timeout` of the service's connections; 0 = none. */
  statementTimeoutSeconds: number;
  /** On SIGTERM/SIGINT: how long requests in flight may take to finish before their connections are cut. */
  shutdownGraceSeconds: number;
  /** Audit events kept: the newest `last`, and none older than `days` (null: no such bound); the rules of a cluster's snapshot retention. */
  auditRetention: { last: number | null; days: number | null };
  /** Diff each new ready snapshot against its cluster's previous one in the background, and keep it. */
  diffPrecompute: boolean;
  /** Kubeconfig the service reads capture Secrets (clusters' kubeconfigSecret) with; unset: its in-cluster service account. */
  secretsKubeconfig: string | undefined;
}

export interface GraphqlLimits {
  /** Deepest selection nesting (introspection's `__` fields not counted). */
  maxDepth: number;
  /** Most aliased fields in one document. */
  maxAliases: number;
  /** Highest cost: one per field, a field with `first` costs its selection `first` times. */
  maxComplexity: number;
  introspection: boolean;
  /** The GraphiQL page on `GET /graphql`. */
  sandbox: boolean;
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  /** Where the signing keys are: a JWKS URL, or a JWKS file (exactly one). */
  jwksUrl: string | undefined;
  jwksFile: string | undefined;
  /** Claim holding the scopes (read, write, admin), a space-separated string or an array. */
  scopesClaim: string;
  /** Claim holding the cluster names the token is limited to; absent claim = every cluster. */
  clustersClaim: string | undefined;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`invalid configuration: ${variable} ${reason}`);
  }
}

const port = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, 'must be between 0 and 65535')
    .default(fallback);

const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`)
    .default(fallback);

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), 'must be a postgresql:// URL')
    .optional(),
  PORT: port(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.optional(),
  DATA_DIR: z.string().min(1).default('./.policyscope'),
  EMBEDDED_PG_PORT: port(54329),
  MAX_UPLOAD_BYTES: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of bytes')
    .transform(Number)
    .refine((n) => n >= 1024, 'must be at least 1024')
    .default(50 * 1024 * 1024),
  NODE_ENV: z.string().default('production'),
  WORKERS_IN_PROCESS: bool.default(true),
  WORKER_CONCURRENCY: wholeNumber(1, 64, 1),
  JOB_TIMEOUT_SECONDS: wholeNumber(2, 86_400, 900),
  JOB_RETRY_LIMIT: wholeNumber(0, 100, 3),
  JOB_MAINTENANCE_SECONDS: wholeNumber(1, 3600, 30),
  JOB_POLL_SECONDS: wholeNumber(1, 60, 1),
  METRICS_REQUIRE_AUTH: bool.default(false),
  AUTH: z.enum(['required', 'off']).default('required'),
  KUBECONFIG_DIR: z.string().min(1).optional(),
  OIDC_ISSUER: z.string().min(1).optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_JWKS_URL: z.string().refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), 'must be an http(s):// URL').optional(),
  OIDC_JWKS_FILE: z.string().min(1).optional(),
  OIDC_SCOPES_CLAIM: z.string().min(1).default('scope'),
  OIDC_CLUSTERS_CLAIM: z.string().min(1).optional(),
  GRAPHQL_MAX_DEPTH: wholeNumber(2, 100, 12),
  GRAPHQL_MAX_ALIASES: wholeNumber(0, 1000, 30),
  GRAPHQL_MAX_COMPLEXITY: wholeNumber(10, 1_000_000, 5000),
  GRAPHQL_INTROSPECTION: bool.optional(),
  GRAPHQL_SANDBOX: bool.optional(),
  CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o !== ''))
    .refine((list) => list.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), 'must be a comma-separated list of origins (https://host[:port]) or *')
    .optional(),
  RATE_LIMIT_PER_MINUTE: wholeNumber(0, 10_000_000, 1200),
  RATE_LIMIT_WINDOW_SECONDS: wholeNumber(1, 3600, 60),
  REQUEST_TIMEOUT_SECONDS: wholeNumber(0, 3600, 120),
  STATEMENT_TIMEOUT_SECONDS: wholeNumber(0, 3600, 60),
  SHUTDOWN_GRACE_SECONDS: wholeNumber(0, 3600, 25),
  AUDIT_RETAIN_LAST: wholeNumber(0, 1_000_000_000, 0),
  AUDIT_RETAIN_DAYS: wholeNumber(0, 36_500, 365),
  DIFF_PRECOMPUTE: bool.default(true),
  SECRETS_KUBECONFIG: z.string().min(1).optional(),
});

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined>, stdoutIsTTY = false): AppConfig {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const shown = blanksRemoved[variable];
    throw new ConfigError(variable, `${issue.message}${shown !== undefined && variable !== 'DATABASE_URL' ? ` (got "${shown}")` : ''}`);
  }
  const v = parsed.data;
  // Without authentication anyone who reaches the port may read and delete everything: only a
  // service that nobody else can reach may run that way.
  if (v.AUTH === 'off' && !LOOPBACK_HOSTS.has(v.HOST)) {
    throw new ConfigError('AUTH', `may be "off" only when HOST is a loopback address (127.0.0.1, ::1, localhost); HOST is "${v.HOST}"`);
  }
  const oidcSet = [v.OIDC_ISSUER, v.OIDC_AUDIENCE, v.OIDC_JWKS_URL, v.OIDC_JWKS_FILE].some((x) => x !== undefined);
  if (oidcSet) {
    if (!v.OIDC_ISSUER) throw new ConfigError('OIDC_ISSUER', 'is required when any OIDC_ variable is set');
    if (!v.OIDC_AUDIENCE) throw new ConfigError('OIDC_AUDIENCE', 'is required when OIDC_ISSUER is set');
    if ((v.OIDC_JWKS_URL === undefined) === (v.OIDC_JWKS_FILE === undefined)) throw new ConfigError('OIDC_JWKS_URL', 'or OIDC_JWKS_FILE (exactly one) is required when OIDC_ISSUER is set');
  }
  return {
    databaseUrl: v.DATABASE_URL,
    port: v.PORT,
    host: v.HOST,
    logLevel: v.LOG_LEVEL,
    logPretty: v.LOG_PRETTY ?? stdoutIsTTY,
    dataDir: v.DATA_DIR,
    embeddedPostgresPort: v.EMBEDDED_PG_PORT,
    maxUploadBytes: v.MAX_UPLOAD_BYTES,
    nodeEnv: v.NODE_ENV,
    workersInProcess: v.WORKERS_IN_PROCESS,
    workerConcurrency: v.WORKER_CONCURRENCY,
    jobTimeoutSeconds: v.JOB_TIMEOUT_SECONDS,
    jobRetryLimit: v.JOB_RETRY_LIMIT,
    jobMaintenanceSeconds: v.JOB_MAINTENANCE_SECONDS,
    jobPollSeconds: v.JOB_POLL_SECONDS,
    metricsRequireAuth: v.METRICS_REQUIRE_AUTH,
    auth: v.AUTH,
    kubeconfigDir: v.KUBECONFIG_DIR,
    oidc: oidcSet
      ? { issuer: v.OIDC_ISSUER!, audience: v.OIDC_AUDIENCE!, jwksUrl: v.OIDC_JWKS_URL, jwksFile: v.OIDC_JWKS_FILE, scopesClaim: v.OIDC_SCOPES_CLAIM, clustersClaim: v.OIDC_CLUSTERS_CLAIM }
      : undefined,
    graphql: {
      maxDepth: v.GRAPHQL_MAX_DEPTH,
      maxAliases: v.GRAPHQL_MAX_ALIASES,
      maxComplexity: v.GRAPHQL_MAX_COMPLEXITY,
      // Production hides the schema and the in-browser IDE unless asked for: they map the API for an attacker.
      introspection: v.GRAPHQL_INTROSPECTION ?? v.NODE_ENV !== 'production',
      sandbox: v.GRAPHQL_SANDBOX ?? v.NODE_ENV !== 'production',
    },
    corsOrigins: v.CORS_ORIGINS ?? [],
    // The limit is per minute; a shorter window scales it (never below one request).
    rateLimit: { limit: v.RATE_LIMIT_PER_MINUTE === 0 ? 0 : Math.max(1, Math.round((v.RATE_LIMIT_PER_MINUTE * v.RATE_LIMIT_WINDOW_SECONDS) / 60)), windowSeconds: v.RATE_LIMIT_WINDOW_SECONDS },
    requestTimeoutSeconds: v.REQUEST_TIMEOUT_SECONDS,
    statementTimeoutSeconds: v.STATEMENT_TIMEOUT_SECONDS,
    shutdownGraceSeconds: v.SHUTDOWN_GRACE_SECONDS,
    auditRetention: { last: v.AUDIT_RETAIN_LAST || null, days: v.AUDIT_RETAIN_DAYS || null },
    diffPrecompute: v.DIFF_PRECOMPUTE,
    secretsKubeconfig: v.SECRETS_KUBECONFIG,
  };
}
