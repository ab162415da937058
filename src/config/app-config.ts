import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { EnvironmentVariables, PAYPAL_LIVE_API_URL, PAYPAL_SANDBOX_API_URL, validateEnvironment } from './environment';
import { parseOriginList } from './origins';
import { minimumCharge } from '../common/money';

/**
 * The typed configuration every part of the app reads (injected as AppConfig).
 * Built once from the environment; defaults for development live here and only here.
 */
export class AppConfig {
  readonly env!: 'development' | 'production' | 'test';
  readonly port!: number;
  readonly database!: {
    /** Unset: an embedded PostgreSQL is started under dataDir. */
    url?: string;
    dataDir: string;
    pool: DatabasePoolSettings;
  };
  readonly auth!: {
    jwtSecret: string;
    jwtExpiresIn: string;
    /** True when no JWT_SECRET was given and none is kept in the data folder: tokens die with the process. */
    jwtSecretGenerated: boolean;
    /** Development without JWT_SECRET: the file in the data folder the secret is kept in (see main.ts). */
    jwtSecretFile?: string;
    rateLimitPerMinute: number;
    /** How long an instance trusts a user's role and existence before reading them again (0: every request). */
    userCacheSeconds: number;
    bootstrapAdmin?: { email: string; password: string };
  };
  readonly payments!: {
    currency: string;
    checkoutTtlMinutes: number;
    payRateLimitPerMinute: number;
    /** A payment may take a part of an order's balance (a deposit, then the rest). */
    partialPaymentsEnabled: boolean;
    /** The smallest part one payment may take, and the least it may leave; minor units. */
    partialPaymentMinimum: number;
    /** How often the reconciler runs on each instance (0: never; admins and the CLI can still run it). */
    reconcileIntervalSeconds: number;
    /** An attempt open or processing without news for this long is read back from the provider. */
    reconcileAfterMinutes: number;
    frontendUrl: string;
    stripe: {
      /** Unset outside production: the local Stripe emulator is used. */
      secretKey?: string;
      webhookSecrets: string[];
      apiUrl?: string;
      emulatorPort: number;
      /** The address the in-app emulator listens on (0.0.0.0 inside a container). */
      emulatorHost: string;
      /** Base of checkout page URLs when browsers reach the emulator elsewhere than where it listens. */
      emulatorPublicUrl?: string;
      emulatorWebhookUrl?: string;
    };
    paypal: {
      /** PAYPAL_ENABLED: `paymentMethod: "paypal"` is offered. */
      enabled: boolean;
      /** Unset outside production: the PayPal stand-in in the local emulator is used. */
      clientId?: string;
      clientSecret?: string;
      /** The id verify-webhook-signature checks deliveries against. */
      webhookId: string;
      /** PayPal's live or sandbox API, or (development, tests) an http:// stand-in. */
      apiUrl: string;
    };
  };
  readonly logLevel!: string;
  /** `pretty` (development default): one readable line per event; `json`: one JSON object per line. */
  readonly logFormat!: 'json' | 'pretty';
  /** Express `trust proxy`: whose X-Forwarded-For gives the client IP the rate limits count. */
  readonly trustProxy!: boolean | number | string;
  /** Browser origins allowed to call the API (CORS); FRONTEND_URL's origin unless CORS_ORIGINS says otherwise. */
  readonly corsOrigins!: string[];
  readonly metrics!: {
    enabled: boolean;
    /** Unset: /metrics answers anyone who reaches it (an internal port or a proxy that hides it). */
    bearerToken?: string;
  };
  readonly docsEnabled!: boolean;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }

  get isProduction(): boolean {
    return this.env === 'production';
  }

  /** The emulator runs in-process when no Stripe key and no external Stripe-compatible server is set. */
  get usesStripeEmulator(): boolean {
    return !this.isProduction && !this.payments.stripe.secretKey && !this.payments.stripe.apiUrl;
  }

  /** PayPal's stand-in in the local emulator serves PayPal when PayPal is on and nothing else is configured. */
  get usesPayPalEmulator(): boolean {
    return !this.isProduction && this.payments.paypal.enabled && !this.payments.paypal.clientId;
  }

  /** The local emulator starts when either provider needs it. */
  get usesEmulator(): boolean {
    return this.usesStripeEmulator || this.usesPayPalEmulator;
  }

  /**
   * Development without JWT_SECRET keeps a generated secret in the data folder, so tokens (and
   * Swagger UI's Authorize) survive restarts. Tests stay with a secret per process; production
   * requires JWT_SECRET.
   */
  get keepsJwtSecretInDataFolder(): boolean {
    return this.env === 'development' && this.auth.jwtSecretGenerated;
  }

  /** The same configuration signing tokens with the secret kept in `file`. */
  withKeptJwtSecret(secret: string, file: string): AppConfig {
    const auth = { ...this.auth, jwtSecret: secret, jwtSecretGenerated: false, jwtSecretFile: file };
    return new AppConfig({ ...this, auth });
  }

  /** The same configuration with the SDK pointed at a local Stripe emulator listening at `apiUrl`. */
  withStripeEmulator(apiUrl: string): AppConfig {
    const stripe = { ...this.payments.stripe, secretKey: LOCAL_EMULATOR_KEY, apiUrl };
    return new AppConfig({ ...this, payments: { ...this.payments, stripe } });
  }

  /** The same configuration with PayPal's SDK pointed at the emulator's PayPal stand-in at `apiUrl`. */
  withPayPalEmulator(apiUrl: string): AppConfig {
    const paypal = { ...this.payments.paypal, ...LOCAL_PAYPAL_CREDENTIALS, apiUrl };
    return new AppConfig({ ...this, payments: { ...this.payments, paypal } });
  }

  /** Each provider the emulator stands in for, pointed at it. */
  withEmulator(apiUrl: string): AppConfig {
    const stripe = this.usesStripeEmulator ? this.withStripeEmulator(apiUrl) : this;
    return this.usesPayPalEmulator ? stripe.withPayPalEmulator(apiUrl) : stripe;
  }
}

/** How each instance talks to PostgreSQL (see data-source-options.ts). */
export interface DatabasePoolSettings {
  /** Connections kept at most. */
  max: number;
  /** How long a request waits for a connection (a free one in the pool, or a new one) before failing. */
  connectionTimeoutMs: number;
  /** A statement running longer is canceled by PostgreSQL (or, behind PgBouncer, by the role's setting). */
  statementTimeoutMs: number;
  /** An idle connection is closed after this long (0: never). */
  idleTimeoutMs: number;
  /** DATABASE_URL is a PgBouncer in transaction mode: no startup parameters are sent. */
  pgBouncer: boolean;
}

/** Also what the TypeORM CLI (ormconfig.ts) and the migration run use. */
export const DATABASE_POOL_DEFAULTS: DatabasePoolSettings = {
  // Every order operation is a few short statements; 10 connections per instance keeps N
  // instances well under PostgreSQL's default 100.
  max: 10,
  connectionTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
  // node-postgres' own default: an idle connection costs a PostgreSQL backend, so it goes soon.
  idleTimeoutMs: 10_000,
  pgBouncer: false,
};

/** Half a minute: a demoted admin or a deleted account loses access within a minute on every instance. */
const USER_CACHE_SECONDS_DEFAULT = 30;

/** The emulator accepts any sk_test_ key; this one says where it came from in its logs. */
const LOCAL_EMULATOR_KEY = 'sk_test_orderpay_local_emulator';

/** The stand-in takes any client id and secret; these say where a token came from. */
const LOCAL_PAYPAL_CREDENTIALS = {
  clientId: 'orderpay-local-emulator',
  clientSecret: 'orderpay-local-emulator-secret',
};
/** The webhook id the emulator's PayPal stand-in signs with unless told another. */
const LOCAL_PAYPAL_WEBHOOK_ID = 'EMULATORWEBHOOK01';

/** Reads and validates the environment; throws ConfigValidationError naming every bad variable. */
export function loadConfig(raw: Record<string, string | undefined> = process.env): AppConfig {
  const env: EnvironmentVariables = validateEnvironment(raw);
  const nodeEnv = env.NODE_ENV ?? 'development';
  const port = env.PORT ?? 3000;
  return new AppConfig({
    env: nodeEnv,
    port,
    database: {
      url: env.DATABASE_URL,
      dataDir: path.resolve(env.DATA_DIR ?? '.data'),
      pool: {
        max: env.DB_POOL_MAX ?? DATABASE_POOL_DEFAULTS.max,
        connectionTimeoutMs: env.DB_CONNECTION_TIMEOUT_MS ?? DATABASE_POOL_DEFAULTS.connectionTimeoutMs,
        statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS ?? DATABASE_POOL_DEFAULTS.statementTimeoutMs,
        idleTimeoutMs: env.DB_IDLE_TIMEOUT_MS ?? DATABASE_POOL_DEFAULTS.idleTimeoutMs,
        pgBouncer: env.DB_PGBOUNCER === 'true',
      },
    },
    auth: {
      jwtSecret: env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      jwtSecretGenerated: env.JWT_SECRET === undefined,
      jwtExpiresIn: env.JWT_EXPIRES_IN ?? '1h',
      rateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE ?? 20,
      userCacheSeconds: env.AUTH_USER_CACHE_SECONDS ?? USER_CACHE_SECONDS_DEFAULT,
      bootstrapAdmin:
        env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    },
    payments: {
      currency: env.CURRENCY ?? 'usd',
      checkoutTtlMinutes: env.CHECKOUT_TTL_MINUTES ?? 30,
      payRateLimitPerMinute: env.PAY_RATE_LIMIT_PER_MINUTE ?? 30,
      partialPaymentsEnabled: env.PARTIAL_PAYMENTS_ENABLED !== 'false',
      partialPaymentMinimum: env.PARTIAL_PAYMENT_MINIMUM ?? minimumCharge(env.CURRENCY ?? 'usd'),
      reconcileIntervalSeconds: env.RECONCILE_INTERVAL_SECONDS ?? (nodeEnv === 'test' ? 0 : 300),
      reconcileAfterMinutes: env.RECONCILE_AFTER_MINUTES ?? 60,
      frontendUrl: (env.FRONTEND_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
      stripe: {
        // A Stripe-compatible server (stripe-mock, the emulator run alone) takes any test key.
        secretKey: env.STRIPE_SECRET_KEY ?? (env.STRIPE_API_URL ? LOCAL_EMULATOR_KEY : undefined),
        // With the emulator, a secret made per process signs its events; nothing to configure.
        webhookSecrets: env.STRIPE_WEBHOOK_SECRET?.split(',') ?? [`whsec_${randomBytes(24).toString('base64url')}`],
        apiUrl: env.STRIPE_API_URL,
        emulatorPort: env.STRIPE_EMULATOR_PORT ?? 12111,
        emulatorHost: env.STRIPE_EMULATOR_HOST ?? '127.0.0.1',
        emulatorPublicUrl: env.STRIPE_EMULATOR_PUBLIC_URL?.replace(/\/+$/, ''),
        emulatorWebhookUrl: env.STRIPE_EMULATOR_WEBHOOK_URL,
      },
      paypal: {
        enabled: env.PAYPAL_ENABLED !== 'false',
        // A stand-in given by URL (the emulator run alone) takes any credentials.
        ...(env.PAYPAL_API_URL && !env.PAYPAL_CLIENT_ID ? LOCAL_PAYPAL_CREDENTIALS : {}),
        ...(env.PAYPAL_CLIENT_ID && { clientId: env.PAYPAL_CLIENT_ID, clientSecret: env.PAYPAL_CLIENT_SECRET }),
        webhookId: env.PAYPAL_WEBHOOK_ID ?? LOCAL_PAYPAL_WEBHOOK_ID,
        apiUrl: (
          env.PAYPAL_API_URL ?? (nodeEnv === 'production' ? PAYPAL_LIVE_API_URL : PAYPAL_SANDBOX_API_URL)
        ).replace(/\/+$/, ''),
      },
    },
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat: env.LOG_FORMAT ?? (nodeEnv === 'development' ? 'pretty' : 'json'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY ?? 'loopback'),
    // CORS_ORIGINS passed validation, so it parses.
    corsOrigins: env.CORS_ORIGINS
      ? parseOriginList(env.CORS_ORIGINS)!
      : [new URL(env.FRONTEND_URL ?? `http://localhost:${port}`).origin],
    metrics: { enabled: env.METRICS_ENABLED !== 'false', bearerToken: env.METRICS_TOKEN },
    // The API description helps attackers as much as developers: production opts in.
    docsEnabled: env.DOCS_ENABLED === undefined ? nodeEnv !== 'production' : env.DOCS_ENABLED === 'true',
  } as AppConfig);
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
