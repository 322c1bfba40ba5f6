import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import { IsStatuspageFeedList } from './statuspage-feed-list.validator';

export type NodeEnvironment = 'development' | 'production' | 'test';

/**
 * Every setting the service reads from the environment, validated once at boot.
 * This is the only file that touches `process.env`.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: NodeEnvironment = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must start with postgres:// or postgresql://',
  })
  DATABASE_URL?: string;

  /** Folder of the embedded PostgreSQL (PGlite) when DATABASE_URL is not set. */
  @IsString()
  DATA_DIR = './data';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  /** Tries to reach DATABASE_URL at start-up before giving up (exit status 1). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  DATABASE_CONNECT_ATTEMPTS = 10;

  /** Wait after the first failed try, in ms; it doubles after each further one, up to 16×. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  DATABASE_CONNECT_BACKOFF_MS = 1000;

  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before they are cut, in ms. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_GRACE_MS = 10_000;

  /** Lifetime of a token minted by signIn/signUp, in days. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SESSION_TOKEN_DAYS = 30;

  /** scrypt cost as log2(N); 17 is OWASP's floor. Tests lower it to stay fast. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(20)
  PASSWORD_HASH_COST = 17;

  /** Base of the links the service hands out (signed report links); default http://localhost:PORT. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+(\/.*)?$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /** Lifetime of a signed report link, in hours. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(168)
  REPORT_LINK_HOURS = 24;

  /** Largest deals CSV `importDeals` and `npm run import:deals` accept, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(100_000_000)
  DEALS_CSV_MAX_BYTES = 1_048_576;

  /** Most data rows (deliverables) in one deals CSV import. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  DEALS_CSV_MAX_ROWS = 5000;

  /** Lifetime of a brand invitation, in days. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  INVITATION_DAYS = 14;

  /** Calendar feeds: default display alarm before each deadline, in minutes (a feed may set its own). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(40_320)
  CALENDAR_ALARM_MINUTES = 1440;

  /** Calendar feeds hold deliverables from this many days back onwards (nothing older). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  CALENDAR_PAST_DAYS = 90;

  /** Deepest field nesting a GraphQL operation may have (introspection fields not counted). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  GRAPHQL_MAX_DEPTH = 10;

  /** Aliased fields per GraphQL operation, fragments included. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES = 30;

  /** Lexical tokens per GraphQL document; the parser stops at the first one past it. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(100_000)
  GRAPHQL_MAX_TOKENS = 2000;

  /** Estimated cost per operation (see src/security/query-cost.ts); the same unit as the rate limits. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  GRAPHQL_MAX_COST = 15_000;

  /** Largest request body, in Express/bytes notation (`1mb`, `512kb`, `2048`); larger ones get 413. */
  @Matches(/^\d+(b|kb|mb)?$/i, { message: 'REQUEST_BODY_LIMIT must look like 1mb, 512kb or 2048' })
  REQUEST_BODY_LIMIT = '1mb';

  /** Query cost one bearer token may spend per minute. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_COST_PER_MINUTE = 300_000;

  /** Query cost one client address may spend per minute, all tokens and anonymous calls together. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_COST_PER_MINUTE_PER_IP = 1_000_000;

  /** Shares rate-limit and sign-in counters between instances; unset = in-process counters. */
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  /** Prefix of every key the service writes to Redis. */
  @IsString()
  @Matches(/^[\w:.-]{1,100}$/, {
    message: 'RATE_LIMIT_KEY_PREFIX may use letters, digits and _ : . -',
  })
  RATE_LIMIT_KEY_PREFIX = 'deal-ledger:limits:';

  /**
   * Express `trust proxy`: which hops may set X-Forwarded-For, and so the client address the
   * limits count. `false` (default: the TCP peer), a hop count (`1`), or addresses/subnets
   * (`loopback`, `10.0.0.0/8,fd00::/8`). `true` trusts anyone and lets clients pick their address.
   */
  @Matches(/^(true|false|\d{1,2}|[\w.:/-]+(\s*,\s*[\w.:/-]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses',
  })
  TRUST_PROXY = 'false';

  /** Sign-in attempts one email may fail within SIGN_IN_LOCKOUT_MINUTES before it is refused. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGN_IN_MAX_FAILURES_PER_EMAIL = 10;

  /** Sign-in attempts one client address may fail within SIGN_IN_LOCKOUT_MINUTES. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGN_IN_MAX_FAILURES_PER_IP = 100;

  /** The window over which failed sign-ins are counted, and so the longest lockout. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  SIGN_IN_LOCKOUT_MINUTES = 15;

  /** Delay of a second failed sign-in (per email or address), doubling after that, at most 5 s. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5000)
  SIGN_IN_DELAY_MS = 250;

  /**
   * signUp attempts (that pass the input checks) one normalised email may make within
   * SIGN_UP_WINDOW_MINUTES. signUp says whether an email is taken, so it is counted like sign-in.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGN_UP_MAX_ATTEMPTS_PER_EMAIL = 5;

  /** signUp attempts one client address may make within SIGN_UP_WINDOW_MINUTES, all emails. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGN_UP_MAX_ATTEMPTS_PER_IP = 100;

  /** The window over which signUp attempts are counted, from the first; the longest refusal. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  SIGN_UP_WINDOW_MINUTES = 60;

  /** `off` stops this instance from delivering webhooks (events are still queued). */
  @IsIn(['on', 'off'])
  WEBHOOK_WORKER: 'on' | 'off' = 'on';

  /** How often the webhook worker looks for due deliveries, in ms. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(60_000)
  WEBHOOK_POLL_MS = 1000;

  /** Longest one delivery attempt may take (connect, send, response headers), in ms. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 5000;

  /** Attempts per delivery, the first included, before it is marked FAILED. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** Wait after the first failed attempt, in ms; doubles each time (with jitter) up to the max. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  WEBHOOK_BACKOFF_BASE_MS = 30_000;

  /** Longest wait between two attempts, in ms. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  WEBHOOK_BACKOFF_MAX_MS = 3_600_000;

  /** In production, webhook URLs on loopback/private addresses are refused unless this is true. */
  @IsIn(['true', 'false'])
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true' | 'false' = 'false';

  /**
   * Status pages polled for outages: comma-separated `name=url` pairs
   * (`meta=https://metastatus.example/api/v2/incidents.json`). Empty = no polling.
   */
  @IsStatuspageFeedList()
  STATUSPAGE_FEEDS = '';

  /** Seconds between two polls of STATUSPAGE_FEEDS; 0 turns polling off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  STATUSPAGE_POLL_SECONDS = 300;

  /** Degradation of a PARTIAL outage imported from a status page, unless its feed sets its own. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(9999)
  STATUSPAGE_PARTIAL_DEGRADATION_BPS = 5000;

  /**
   * Seconds between two scans for receivables past their due date (each found overdue is
   * announced once, as receivable.overdue); 0 turns the scan off. API server only.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  RECEIVABLES_OVERDUE_SCAN_SECONDS = 300;

  /**
   * Bearer token a Prometheus scraper sends to `GET /metrics`; unset = no /metrics (404).
   * At least 16 characters, no spaces.
   */
  @IsOptional()
  @Matches(/^\S{16,200}$/, { message: 'METRICS_TOKEN must be 16 to 200 characters, no spaces' })
  METRICS_TOKEN?: string;

  /** OTLP/HTTP collector base URL (`http://collector:4318`); set = export traces, unset = no tracing. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+(\/\S*)?$/, {
    message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL',
  })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Traces are exported as OTLP JSON over HTTP; the only protocol accepted. */
  @IsIn(['http/json'], {
    message: 'OTEL_EXPORTER_OTLP_PROTOCOL must be http/json (the only one this service sends)',
  })
  OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';

  /** `service.name` of the exported traces. */
  @Matches(/^[\w.-]{1,100}$/, { message: 'OTEL_SERVICE_NAME may use letters, digits and _ . -' })
  OTEL_SERVICE_NAME = 'deal-ledger';

  /** Least severe log level written; `silent` writes nothing. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** `json` (one JSON object per line), `pretty` (needs pino-pretty), or `auto`: pretty in development. */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  /** The git commit being run, set by the deploy (shown by GET /health/version and at start-up). */
  @IsOptional()
  @Matches(/^[0-9a-f]{7,40}$/, {
    message: 'SOURCE_COMMIT must be a git commit hash (7–40 hex digits)',
  })
  SOURCE_COMMIT?: string;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }

  /** TRUST_PROXY as Express takes it. */
  get trustProxy(): boolean | number | string {
    if (this.TRUST_PROXY === 'true') return true;
    if (this.TRUST_PROXY === 'false') return false;
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  /** LOG_FORMAT resolved: `auto` is pretty in development only, JSON lines everywhere else. */
  get logFormat(): 'json' | 'pretty' {
    if (this.LOG_FORMAT !== 'auto') return this.LOG_FORMAT;
    return this.NODE_ENV === 'development' ? 'pretty' : 'json';
  }

  get usesEmbeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }
}

export class ConfigValidationError extends Error {}

export function loadAppConfig(
  environment: Record<string, string | undefined> = process.env,
): AppConfig {
  const known = Object.keys(new AppConfig()).concat(
    'DATABASE_URL',
    'PUBLIC_URL',
    'REDIS_URL',
    'METRICS_TOKEN',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
  );
  const raw = Object.fromEntries(
    Object.entries(environment).filter(([key, value]) => known.includes(key) && value !== ''),
  );
  const config = plainToInstance(AppConfig, raw, { enableImplicitConversion: false });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map((message) => `  ${error.property}: ${message}`),
    );
    throw new ConfigValidationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
