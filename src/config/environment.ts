import { Transform, plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { formatMinor, MAXIMUM_CHARGE, minimumCharge, SUPPORTED_CURRENCIES } from '../common/money';
import { IsOriginList } from './origins';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const blankToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const toBooleanWord = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim().toLowerCase()) : value;
const isProduction = (env: EnvironmentVariables) => env.NODE_ENV === 'production';
/** Production with PayPal on, or any credential given (PayPal off still settles what it took): all three are then needed. */
const paypalNeedsCredentials = (env: EnvironmentVariables) =>
  (env.PAYPAL_ENABLED !== 'false' && isProduction(env)) ||
  env.PAYPAL_CLIENT_ID !== undefined ||
  env.PAYPAL_CLIENT_SECRET !== undefined ||
  env.PAYPAL_WEBHOOK_ID !== undefined;

export const PAYPAL_LIVE_API_URL = 'https://api-m.paypal.com';
export const PAYPAL_SANDBOX_API_URL = 'https://api-m.sandbox.paypal.com';

/**
 * Every variable the service reads, validated once at boot. Code never reads process.env:
 * it gets the typed AppConfig built from this class.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => isProduction(env) || env.DATABASE_URL !== undefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message:
      'DATABASE_URL must be a postgres:// URL (required in production; unset elsewhere starts an embedded PostgreSQL)',
  })
  DATABASE_URL?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  /** Connections each instance keeps at most (N instances x this must fit PostgreSQL's or PgBouncer's limit). */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  DB_POOL_MAX?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100, { message: 'DB_CONNECTION_TIMEOUT_MS must be at least 100 (milliseconds)' })
  DB_CONNECTION_TIMEOUT_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100, { message: 'DB_STATEMENT_TIMEOUT_MS must be at least 100 (milliseconds)' })
  DB_STATEMENT_TIMEOUT_MS?: number;

  /** 0 keeps idle connections open forever (node-postgres' meaning). */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  DB_IDLE_TIMEOUT_MS?: number;

  /** DATABASE_URL is a PgBouncer in transaction mode: no startup parameter, no session state. */
  @Transform(toBooleanWord)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'DB_PGBOUNCER must be true or false' })
  DB_PGBOUNCER?: 'true' | 'false';

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => isProduction(env) || env.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters (required in production)' })
  JWT_SECRET?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^\d+[smhd]?$/, { message: 'JWT_EXPIRES_IN must be a number of seconds or a duration like 15m, 12h, 7d' })
  JWT_EXPIRES_IN?: string;

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => isProduction(env) || env.STRIPE_SECRET_KEY !== undefined)
  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, {
    message:
      'STRIPE_SECRET_KEY must be a Stripe secret key (sk_test_..., sk_live_... or rk_...; required in production)',
  })
  STRIPE_SECRET_KEY?: string;

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => isProduction(env) || env.STRIPE_WEBHOOK_SECRET !== undefined)
  @Matches(/^whsec_[A-Za-z0-9+/=_-]{8,}(,whsec_[A-Za-z0-9+/=_-]{8,})*$/, {
    message: 'STRIPE_WEBHOOK_SECRET must be one or more comma-separated whsec_... secrets (required in production)',
  })
  STRIPE_WEBHOOK_SECRET?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  STRIPE_API_URL?: string;

  /** PayPal Checkout next to Stripe (default on; in production it then needs its credentials). */
  @Transform(toBooleanWord)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'PAYPAL_ENABLED must be true or false' })
  PAYPAL_ENABLED?: 'true' | 'false';

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => paypalNeedsCredentials(env) || env.PAYPAL_CLIENT_ID !== undefined)
  @Matches(/^[A-Za-z0-9_-]{10,200}$/, {
    message: 'PAYPAL_CLIENT_ID must be a PayPal REST app client id (required in production while PayPal is enabled)',
  })
  PAYPAL_CLIENT_ID?: string;

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => paypalNeedsCredentials(env) || env.PAYPAL_CLIENT_SECRET !== undefined)
  @Matches(/^[A-Za-z0-9_-]{10,200}$/, {
    message: 'PAYPAL_CLIENT_SECRET must be the PayPal REST app secret (required with PAYPAL_CLIENT_ID)',
  })
  PAYPAL_CLIENT_SECRET?: string;

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => paypalNeedsCredentials(env) || env.PAYPAL_WEBHOOK_ID !== undefined)
  @Matches(/^[A-Za-z0-9_-]{5,100}$/, {
    message: "PAYPAL_WEBHOOK_ID must be the id PayPal shows for the app's webhook (required with PAYPAL_CLIENT_ID)",
  })
  PAYPAL_WEBHOOK_ID?: string;

  /** PayPal's API (live or sandbox), or outside production an http:// PayPal stand-in. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'PAYPAL_API_URL must be https://api-m.paypal.com, https://api-m.sandbox.paypal.com or a stand-in URL' },
  )
  PAYPAL_API_URL?: string;

  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsOptional()
  @IsIn(SUPPORTED_CURRENCIES, { message: `CURRENCY must be one of: ${SUPPORTED_CURRENCIES.join(', ')}` })
  CURRENCY?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(30, { message: 'CHECKOUT_TTL_MINUTES must be at least 30 (Stripe refuses shorter sessions)' })
  @Max(1440, { message: 'CHECKOUT_TTL_MINUTES must be at most 1440 (Stripe refuses sessions over 24 h)' })
  CHECKOUT_TTL_MINUTES?: number;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  FRONTEND_URL?: string;

  /** Browser origins allowed to call the API (CORS), apart from where Checkout sends customers back. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsOriginList({
    message:
      'CORS_ORIGINS must be comma-separated origins such as https://shop.example.com,http://localhost:5173 (scheme, host and port; no path)',
  })
  CORS_ORIGINS?: string;

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_PASSWORD !== undefined || env.ADMIN_EMAIL !== undefined)
  @Matches(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, {
    message: 'ADMIN_EMAIL must be an email address (required with ADMIN_PASSWORD)',
  })
  ADMIN_EMAIL?: string;

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters (required with ADMIN_EMAIL)' })
  ADMIN_PASSWORD?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  STRIPE_EMULATOR_PORT?: number;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  STRIPE_EMULATOR_WEBHOOK_URL?: string;

  /** Where the in-app emulator listens: 0.0.0.0 in a container, so the published port reaches it. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsIP(undefined, { message: 'STRIPE_EMULATOR_HOST must be an IP address to listen on (0.0.0.0 for every interface)' })
  STRIPE_EMULATOR_HOST?: string;

  /** The emulator's base URL as browsers reach it (a published port, a remote machine, a cloud IDE's forwarded URL). */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'STRIPE_EMULATOR_PUBLIC_URL must be an http(s) URL, e.g. http://my-devbox:12111' },
  )
  STRIPE_EMULATOR_PUBLIC_URL?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE?: number;

  /** How long an instance trusts the role (and existence) of a token's user before reading it again. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60, { message: 'AUTH_USER_CACHE_SECONDS must be at most 60 (a role change must take effect within a minute)' })
  AUTH_USER_CACHE_SECONDS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  PAY_RATE_LIMIT_PER_MINUTE?: number;

  /** `false`: every payment is for the order's whole balance. */
  @Transform(toBooleanWord)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'PARTIAL_PAYMENTS_ENABLED must be true or false' })
  PARTIAL_PAYMENTS_ENABLED?: 'true' | 'false';

  /** The smallest part of an order one payment may take, in minor units (default: the provider's minimum charge). */
  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'PARTIAL_PAYMENT_MINIMUM must be a whole number of minor units (cents)' })
  @Min(1)
  @Max(MAXIMUM_CHARGE)
  PARTIAL_PAYMENT_MINIMUM?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  RECONCILE_INTERVAL_SECONDS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  RECONCILE_AFTER_MINUTES?: number;

  /**
   * Which proxies' X-Forwarded-For to believe for client IPs (rate limits): Express `trust proxy`
   * syntax. Production must say (`false` is an answer): a wrong guess either lets clients forge
   * their address past the rate limits or counts every client as the load balancer.
   */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^(true|false|\d+|[\w.:/, -]+)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count, or comma-separated addresses/subnets/names',
  })
  TRUST_PROXY?: string;

  @Transform(blankToUndefined)
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** `pretty`: one readable line per event (the development default); `json`: one JSON object per line. */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() || undefined : value,
  )
  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT?: 'json' | 'pretty';

  /** `/metrics` for Prometheus; on unless turned off. */
  @Transform(toBooleanWord)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'METRICS_ENABLED must be true or false' })
  METRICS_ENABLED?: 'true' | 'false';

  /** When set, `/metrics` wants `Authorization: Bearer <token>` (for an app port reachable from outside). */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,}$/, { message: 'METRICS_TOKEN must be at least 16 printable characters without spaces' })
  METRICS_TOKEN?: string;

  /** Swagger UI at /docs and the OpenAPI document at /docs-json; off in production unless set. */
  @Transform(toBooleanWord)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'DOCS_ENABLED must be true or false' })
  DOCS_ENABLED?: 'true' | 'false';
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Validates the raw environment; throws one error naming every bad variable. */
export function validateEnvironment(raw: Record<string, string | undefined>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, { ...raw }, { excludeExtraneousValues: false });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  const problems = errors.flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  if ((env.STRIPE_SECRET_KEY || env.STRIPE_API_URL) && !env.STRIPE_WEBHOOK_SECRET && !isProduction(env)) {
    problems.push(
      'STRIPE_WEBHOOK_SECRET is required when payments go to Stripe or STRIPE_API_URL ' +
        '(`stripe listen --forward-to localhost:3000/webhooks/stripe` prints it)',
    );
  }
  if (env.PAYPAL_API_URL && !isProduction(env)) {
    const url = new URL(env.PAYPAL_API_URL);
    const paypalHost = [PAYPAL_LIVE_API_URL, PAYPAL_SANDBOX_API_URL].includes(trimSlash(env.PAYPAL_API_URL));
    // The SDK only speaks HTTPS to PayPal's own hosts; a stand-in is reached over plain HTTP.
    if (!paypalHost && url.protocol !== 'http:')
      problems.push(
        `PAYPAL_API_URL must be ${PAYPAL_LIVE_API_URL}, ${PAYPAL_SANDBOX_API_URL} or an http:// stand-in (the emulator)`,
      );
  }
  const currency = env.CURRENCY ?? 'usd';
  if (
    env.PARTIAL_PAYMENT_MINIMUM !== undefined &&
    SUPPORTED_CURRENCIES.includes(currency) &&
    env.PARTIAL_PAYMENT_MINIMUM < minimumCharge(currency)
  ) {
    problems.push(
      `PARTIAL_PAYMENT_MINIMUM must be at least ${minimumCharge(currency)} for ${currency.toUpperCase()}: ` +
        `the payment provider charges no less (${formatMinor(minimumCharge(currency), currency)})`,
    );
  }
  if (isProduction(env)) {
    if (env.JWT_SECRET && isWeakSecret(env.JWT_SECRET)) {
      problems.push(
        'JWT_SECRET is too weak for production: use 32+ random characters (e.g. `openssl rand -base64 48`)',
      );
    }
    if (env.STRIPE_API_URL) problems.push('STRIPE_API_URL must not be set in production (payments must reach Stripe)');
    if (env.PAYPAL_ENABLED !== 'false' && env.PAYPAL_API_URL && trimSlash(env.PAYPAL_API_URL) !== PAYPAL_LIVE_API_URL) {
      problems.push(
        `PAYPAL_API_URL must be ${PAYPAL_LIVE_API_URL} (or unset) in production: sandbox and stand-in credentials take no real payment ` +
          '(set PAYPAL_ENABLED=false to run without PayPal)',
      );
    }
    if (env.TRUST_PROXY === undefined) {
      problems.push(
        'TRUST_PROXY is required in production: the proxies in front of orderpay whose X-Forwarded-For gives ' +
          'the client IP (1 for one load balancer, its addresses such as 10.0.0.0/8, or false when clients ' +
          'connect directly; see README)',
      );
    }
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function isWeakSecret(secret: string): boolean {
  const distinct = new Set(secret).size;
  return distinct < 12 || /^(.)\1+$/.test(secret) || /secret|password|changeme|example/i.test(secret);
}
