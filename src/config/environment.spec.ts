import { AppConfig, loadConfig } from './app-config';
import { ConfigValidationError, validateEnvironment } from './environment';

type Env = Record<string, string | undefined>;

const STRONG_JWT_SECRET = 'q7Vd2Lk9Xw4Rb8Zt1Hn6Mc3Pf5Jy0Gs-Ua_Ke';

/** Everything production needs, valid. */
const PRODUCTION: Env = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://orderpay:pw@db.internal:5432/orderpay',
  JWT_SECRET: STRONG_JWT_SECRET,
  STRIPE_SECRET_KEY: 'sk_live_51NabcDEF123ghi',
  STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  PAYPAL_CLIENT_ID: 'AZDxjDScFpQtjWTOUtWKbyN_bDt4OgqaF4eYXlewfBP4',
  PAYPAL_CLIENT_SECRET: 'EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQS',
  PAYPAL_WEBHOOK_ID: '4JH86294D6297924G',
  FRONTEND_URL: 'https://shop.example.com',
  TRUST_PROXY: '1',
};

function configError(env: Env): ConfigValidationError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error(`Expected a ConfigValidationError for ${JSON.stringify(env)}`);
}

/** The variables a ConfigValidationError names: every problem starts with the variable's name. */
function namedVariables(error: ConfigValidationError): string[] {
  return [...new Set(error.problems.map((problem) => /^[A-Z][A-Z0-9_]*/.exec(problem)?.[0] ?? problem))].sort();
}

describe(loadConfig.name, () => {
  describe('with an empty environment', () => {
    let config: AppConfig;

    beforeAll(() => {
      config = loadConfig({});
    });

    it('should give the development defaults', () => {
      expect(config.env).toBe('development');
      expect(config.isProduction).toBe(false);
      expect(config.port).toBe(3000);
      expect(config.payments.currency).toBe('usd');
      expect(config.payments.checkoutTtlMinutes).toBe(30);
      expect(config.payments.frontendUrl).toBe('http://localhost:3000');
      expect(config.payments.stripe).toEqual({
        secretKey: undefined,
        // The emulator signs with a secret made per process; the app verifies with the same one.
        webhookSecrets: [expect.stringMatching(/^whsec_[A-Za-z0-9_-]{32}$/)],
        apiUrl: undefined,
        emulatorPort: 12111,
        emulatorHost: '127.0.0.1',
        emulatorPublicUrl: undefined,
        emulatorWebhookUrl: undefined,
      });
      expect(config.database.url).toBeUndefined();
      expect(config.auth.jwtExpiresIn).toBe('1h');
      expect(config.auth.rateLimitPerMinute).toBe(20);
      expect(config.auth.bootstrapAdmin).toBeUndefined();
      expect(config.auth.userCacheSeconds).toBe(30);
      expect(config.database.pool).toEqual({
        max: 10,
        connectionTimeoutMs: 5_000,
        statementTimeoutMs: 15_000,
        idleTimeoutMs: 10_000,
        pgBouncer: false,
      });
      expect(config.trustProxy).toBe('loopback');
      expect(config.logLevel).toBe('info');
    });

    it('should use the Stripe emulator', () => {
      expect(config.usesStripeEmulator).toBe(true);
    });

    it('should generate a long random JWT secret and flag it as generated', () => {
      expect(config.auth.jwtSecretGenerated).toBe(true);
      expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(loadConfig({}).auth.jwtSecret).not.toBe(config.auth.jwtSecret);
    });
  });

  it('should treat blank variables as unset', () => {
    const config = loadConfig({ JWT_SECRET: '  ', DATABASE_URL: '', STRIPE_SECRET_KEY: '', FRONTEND_URL: ' ' });
    expect(config.auth.jwtSecretGenerated).toBe(true);
    expect(config.database.url).toBeUndefined();
    expect(config.usesStripeEmulator).toBe(true);
    expect(config.payments.frontendUrl).toBe('http://localhost:3000');
  });

  it('should read valid development values, typed', () => {
    const config = loadConfig({
      PORT: '8080',
      CURRENCY: ' EUR ',
      CHECKOUT_TTL_MINUTES: '1440',
      JWT_SECRET: STRONG_JWT_SECRET,
      JWT_EXPIRES_IN: '15m',
      FRONTEND_URL: 'https://shop.example.com//',
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'long enough admin pw',
      NODE_ENV: 'test',
    });
    expect(config.port).toBe(8080);
    expect(config.payments.currency).toBe('eur');
    expect(config.payments.checkoutTtlMinutes).toBe(1440);
    expect(config.auth).toMatchObject({ jwtSecret: STRONG_JWT_SECRET, jwtSecretGenerated: false, jwtExpiresIn: '15m' });
    expect(config.auth.bootstrapAdmin).toEqual({ email: 'admin@example.com', password: 'long enough admin pw' });
    expect(config.payments.frontendUrl).toBe('https://shop.example.com');
    expect(config.logLevel).toBe('silent');
  });

  it('should not use the emulator when a Stripe key or a Stripe-compatible API URL is given', () => {
    const secret = { STRIPE_WEBHOOK_SECRET: 'whsec_from_stripe_listen' };
    expect(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc123', ...secret }).usesStripeEmulator).toBe(false);
    expect(loadConfig({ STRIPE_API_URL: 'http://localhost:12111', ...secret }).usesStripeEmulator).toBe(false);
  });

  it('should give the SDK a test key for a Stripe-compatible server when no key is set', () => {
    const config = loadConfig({
      STRIPE_API_URL: 'http://localhost:12111',
      STRIPE_WEBHOOK_SECRET: 'whsec_from_the_emulator',
    });
    expect(config.payments.stripe).toMatchObject({
      apiUrl: 'http://localhost:12111',
      secretKey: expect.stringMatching(/^sk_test_/),
    });
    const withKey = loadConfig({
      STRIPE_API_URL: 'http://localhost:12111',
      STRIPE_SECRET_KEY: 'sk_test_mine1',
      STRIPE_WEBHOOK_SECRET: 'whsec_from_the_emulator',
    });
    expect(withKey.payments.stripe.secretKey).toBe('sk_test_mine1');
  });

  it('should require the webhook secret whenever payments leave the in-process emulator', () => {
    for (const env of [{ STRIPE_SECRET_KEY: 'sk_test_abc123' }, { STRIPE_API_URL: 'http://localhost:12111' }]) {
      expect(() => loadConfig(env)).toThrow(/STRIPE_WEBHOOK_SECRET is required/);
    }
  });

  it('should point the SDK at an emulator without touching anything else', () => {
    const config = loadConfig({ PORT: '4000' });
    const withEmulator = config.withStripeEmulator('http://127.0.0.1:5555');
    expect(withEmulator.payments.stripe).toMatchObject({
      apiUrl: 'http://127.0.0.1:5555',
      secretKey: expect.stringMatching(/^sk_test_/),
    });
    expect(withEmulator.payments.stripe.webhookSecrets).toEqual(config.payments.stripe.webhookSecrets);
    expect(withEmulator.port).toBe(4000);
    expect(config.payments.stripe.apiUrl).toBeUndefined();
  });

  it('should split comma-separated webhook secrets into a list', () => {
    const config = loadConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_firstsecret1,whsec_secondsecret2' });
    expect(config.payments.stripe.webhookSecrets).toEqual(['whsec_firstsecret1', 'whsec_secondsecret2']);
    expect(loadConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_onlyone123' }).payments.stripe.webhookSecrets).toEqual([
      'whsec_onlyone123',
    ]);
  });

  describe('PayPal outside production', () => {
    it('should use the PayPal stand-in of the local emulator when nothing is configured', () => {
      const config = loadConfig({});
      expect(config.usesPayPalEmulator).toBe(true);
      expect(config.usesEmulator).toBe(true);
      const pointed = config.withEmulator('http://127.0.0.1:5555').payments.paypal;
      expect(pointed).toMatchObject({ enabled: true, apiUrl: 'http://127.0.0.1:5555', webhookId: 'EMULATORWEBHOOK01' });
      expect(pointed.clientId).toEqual(expect.any(String));
    });

    it('should use the sandbox with credentials, and need all three of them', () => {
      const sandbox = {
        PAYPAL_CLIENT_ID: PRODUCTION.PAYPAL_CLIENT_ID,
        PAYPAL_CLIENT_SECRET: PRODUCTION.PAYPAL_CLIENT_SECRET,
        PAYPAL_WEBHOOK_ID: PRODUCTION.PAYPAL_WEBHOOK_ID,
      };
      const config = loadConfig(sandbox);
      expect(config.usesPayPalEmulator).toBe(false);
      expect(config.payments.paypal.apiUrl).toBe('https://api-m.sandbox.paypal.com');
      expect(config.withEmulator('http://127.0.0.1:5555').payments.paypal.apiUrl).toBe(
        'https://api-m.sandbox.paypal.com',
      );
      expect(namedVariables(configError({ PAYPAL_CLIENT_ID: sandbox.PAYPAL_CLIENT_ID }))).toEqual([
        'PAYPAL_CLIENT_SECRET',
        'PAYPAL_WEBHOOK_ID',
      ]);
    });

    it('should point at a stand-in given by PAYPAL_API_URL with any credentials, over plain HTTP only', () => {
      const config = loadConfig({ PAYPAL_API_URL: 'http://localhost:12111/' });
      expect(config.usesPayPalEmulator).toBe(false);
      expect(config.payments.paypal).toMatchObject({ apiUrl: 'http://localhost:12111', clientId: expect.any(String) });
      expect(configError({ PAYPAL_API_URL: 'https://paypal.example.com' }).problems).toEqual([
        expect.stringMatching(/^PAYPAL_API_URL must be .* or an http:\/\/ stand-in/),
      ]);
    });

    it('should offer no PayPal, and start no stand-in for it, with PAYPAL_ENABLED=false', () => {
      const config = loadConfig({
        PAYPAL_ENABLED: 'false',
        STRIPE_SECRET_KEY: 'sk_test_abc123',
        STRIPE_WEBHOOK_SECRET: 'whsec_from_stripe_listen',
      });
      expect(config.usesPayPalEmulator).toBe(false);
      expect(config.usesEmulator).toBe(false);
      expect(namedVariables(configError({ PAYPAL_ENABLED: 'maybe' }))).toEqual(['PAYPAL_ENABLED']);
    });
  });

  describe('with bad variables', () => {
    it('should throw one ConfigValidationError naming each bad variable', () => {
      const error = configError({
        PORT: 'abc',
        CURRENCY: 'xyz',
        CHECKOUT_TTL_MINUTES: '10',
        JWT_SECRET: 'too-short',
        STRIPE_SECRET_KEY: 'pk_test_x',
        STRIPE_WEBHOOK_SECRET: 'nope',
        FRONTEND_URL: 'notaurl',
        ADMIN_EMAIL: 'admin@example.com',
        LOG_LEVEL: 'debug',
      });
      expect(namedVariables(error)).toEqual(
        [
          'PORT',
          'CURRENCY',
          'CHECKOUT_TTL_MINUTES',
          'JWT_SECRET',
          'STRIPE_SECRET_KEY',
          'STRIPE_WEBHOOK_SECRET',
          'FRONTEND_URL',
          'ADMIN_PASSWORD',
        ].sort(),
      );
      for (const variable of namedVariables(error)) expect(error.message).toContain(variable);
      expect(error.message).toMatch(/^Invalid configuration:\n {2}- /);
    });

    it('should give a helpful message for each problem', () => {
      const { problems } = configError({
        CURRENCY: 'xyz',
        CHECKOUT_TTL_MINUTES: '10',
        JWT_SECRET: 'too-short',
        STRIPE_SECRET_KEY: 'pk_test_x',
        STRIPE_WEBHOOK_SECRET: 'nope',
        ADMIN_EMAIL: 'admin@example.com',
      });
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^CURRENCY must be one of: .*\busd\b/),
          'CHECKOUT_TTL_MINUTES must be at least 30 (Stripe refuses shorter sessions)',
          expect.stringMatching(/^JWT_SECRET must be at least 32 characters/),
          expect.stringMatching(/^STRIPE_SECRET_KEY must be a Stripe secret key/),
          expect.stringMatching(/^STRIPE_WEBHOOK_SECRET must be one or more comma-separated whsec_/),
          expect.stringMatching(/^ADMIN_PASSWORD must be at least 12 characters \(required with ADMIN_EMAIL\)/),
        ]),
      );
    });

    it('should refuse a checkout TTL above 24 hours', () => {
      const error = configError({ CHECKOUT_TTL_MINUTES: '2000' });
      expect(error.problems).toEqual(['CHECKOUT_TTL_MINUTES must be at most 1440 (Stripe refuses sessions over 24 h)']);
    });

    it('should refuse a fractional or out-of-range port', () => {
      expect(namedVariables(configError({ PORT: '80.5' }))).toEqual(['PORT']);
      expect(namedVariables(configError({ PORT: '70000' }))).toEqual(['PORT']);
      expect(namedVariables(configError({ PORT: '-1' }))).toEqual(['PORT']);
    });

    it('should refuse an admin password without an admin email', () => {
      expect(namedVariables(configError({ ADMIN_PASSWORD: 'long enough admin pw' }))).toEqual(['ADMIN_EMAIL']);
    });

    it('should refuse a bad JWT expiry, log level, node env and webhook secret in a list', () => {
      expect(
        namedVariables(
          configError({
            JWT_EXPIRES_IN: '1 week',
            LOG_LEVEL: 'loud',
            NODE_ENV: 'staging',
            STRIPE_WEBHOOK_SECRET: 'whsec_goodsecret1,nope',
          }),
        ),
      ).toEqual(['JWT_EXPIRES_IN', 'LOG_LEVEL', 'NODE_ENV', 'STRIPE_WEBHOOK_SECRET']);
    });

    it('should refuse a DATABASE_URL that is not a postgres URL', () => {
      expect(namedVariables(configError({ DATABASE_URL: 'mysql://localhost/db' }))).toEqual(['DATABASE_URL']);
    });
  });

  describe('database pool', () => {
    it('should read the pool size, timeouts and PgBouncer switch', () => {
      const config = loadConfig({
        DB_POOL_MAX: '25',
        DB_CONNECTION_TIMEOUT_MS: '2000',
        DB_STATEMENT_TIMEOUT_MS: '30000',
        DB_IDLE_TIMEOUT_MS: '0',
        DB_PGBOUNCER: 'TRUE',
      });
      expect(config.database.pool).toEqual({
        max: 25,
        connectionTimeoutMs: 2000,
        statementTimeoutMs: 30000,
        idleTimeoutMs: 0,
        pgBouncer: true,
      });
      expect(loadConfig({ DB_PGBOUNCER: 'false' }).database.pool.pgBouncer).toBe(false);
    });

    it('should refuse a pool of 0, timeouts below 100 ms, fractions and a PgBouncer switch that is not a boolean', () => {
      const error = configError({
        DB_POOL_MAX: '0',
        DB_CONNECTION_TIMEOUT_MS: '50',
        DB_STATEMENT_TIMEOUT_MS: '1.5',
        DB_IDLE_TIMEOUT_MS: '-1',
        DB_PGBOUNCER: 'yes',
      });
      expect(namedVariables(error)).toEqual([
        'DB_CONNECTION_TIMEOUT_MS',
        'DB_IDLE_TIMEOUT_MS',
        'DB_PGBOUNCER',
        'DB_POOL_MAX',
        'DB_STATEMENT_TIMEOUT_MS',
      ]);
      expect(error.problems).toContain('DB_CONNECTION_TIMEOUT_MS must be at least 100 (milliseconds)');
      expect(error.problems).toContain('DB_PGBOUNCER must be true or false');
    });
  });

  describe('user cache', () => {
    it('should read AUTH_USER_CACHE_SECONDS from 0 (no cache) to 60, and refuse more', () => {
      expect(loadConfig({ AUTH_USER_CACHE_SECONDS: '0' }).auth.userCacheSeconds).toBe(0);
      expect(loadConfig({ AUTH_USER_CACHE_SECONDS: '60' }).auth.userCacheSeconds).toBe(60);
      expect(configError({ AUTH_USER_CACHE_SECONDS: '61' }).problems).toEqual([
        'AUTH_USER_CACHE_SECONDS must be at most 60 (a role change must take effect within a minute)',
      ]);
    });
  });

  describe('observability switches', () => {
    it('should serve metrics without a token and docs by default outside production', () => {
      for (const env of [{}, { NODE_ENV: 'test' }]) {
        const config = loadConfig(env);
        expect(config.metrics).toEqual({ enabled: true, bearerToken: undefined });
        expect(config.docsEnabled).toBe(true);
      }
    });

    it('should hide the docs in production unless DOCS_ENABLED=true, and keep metrics on', () => {
      expect(loadConfig(PRODUCTION).docsEnabled).toBe(false);
      expect(loadConfig(PRODUCTION).metrics.enabled).toBe(true);
      expect(loadConfig({ ...PRODUCTION, DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
    });

    it('should read the switches and the metrics token', () => {
      const config = loadConfig({
        METRICS_ENABLED: ' FALSE ',
        DOCS_ENABLED: 'false',
        METRICS_TOKEN: 'scrape-token-0123456789',
      });
      expect(config.metrics).toEqual({ enabled: false, bearerToken: 'scrape-token-0123456789' });
      expect(config.docsEnabled).toBe(false);
    });

    it('should refuse a switch that is not true or false, and a short metrics token', () => {
      const error = configError({ METRICS_ENABLED: 'yes', DOCS_ENABLED: '1', METRICS_TOKEN: 'short' });
      expect(namedVariables(error)).toEqual(['DOCS_ENABLED', 'METRICS_ENABLED', 'METRICS_TOKEN']);
      expect(error.problems).toContain('METRICS_ENABLED must be true or false');
    });
  });

  describe('in production', () => {
    it('should name every required variable when nothing is set', () => {
      const error = configError({ NODE_ENV: 'production' });
      expect(namedVariables(error)).toEqual([
        'DATABASE_URL',
        'JWT_SECRET',
        'PAYPAL_CLIENT_ID',
        'PAYPAL_CLIENT_SECRET',
        'PAYPAL_WEBHOOK_ID',
        'STRIPE_SECRET_KEY',
        'STRIPE_WEBHOOK_SECRET',
        'TRUST_PROXY',
      ]);
    });

    it('should run without PayPal only when told so (PAYPAL_ENABLED=false)', () => {
      const withoutPayPal = { ...PRODUCTION, PAYPAL_CLIENT_ID: undefined, PAYPAL_CLIENT_SECRET: undefined };
      expect(namedVariables(configError({ ...withoutPayPal, PAYPAL_WEBHOOK_ID: undefined }))).toEqual([
        'PAYPAL_CLIENT_ID',
        'PAYPAL_CLIENT_SECRET',
        'PAYPAL_WEBHOOK_ID',
      ]);
      const config = loadConfig({ ...withoutPayPal, PAYPAL_WEBHOOK_ID: undefined, PAYPAL_ENABLED: 'false' });
      expect(config.payments.paypal.enabled).toBe(false);
      expect(config.usesEmulator).toBe(false);
    });

    it.each(['https://api-m.sandbox.paypal.com', 'http://localhost:12111', 'https://paypal.example.com'])(
      'should refuse PAYPAL_API_URL=%s: no real payment would be taken',
      (url) => {
        expect(configError({ ...PRODUCTION, PAYPAL_API_URL: url }).problems).toEqual([
          expect.stringMatching(/^PAYPAL_API_URL must be https:\/\/api-m\.paypal\.com \(or unset\) in production/),
        ]);
      },
    );

    it("should send PayPal payments to PayPal's live API", () => {
      expect(loadConfig(PRODUCTION).payments.paypal).toEqual({
        enabled: true,
        clientId: PRODUCTION.PAYPAL_CLIENT_ID,
        clientSecret: PRODUCTION.PAYPAL_CLIENT_SECRET,
        webhookId: PRODUCTION.PAYPAL_WEBHOOK_ID,
        apiUrl: 'https://api-m.paypal.com',
      });
      expect(loadConfig({ ...PRODUCTION, PAYPAL_API_URL: 'https://api-m.paypal.com/' }).payments.paypal.apiUrl).toBe(
        'https://api-m.paypal.com',
      );
    });

    it('should refuse to start without TRUST_PROXY, saying what to set', () => {
      const error = configError({ ...PRODUCTION, TRUST_PROXY: undefined });
      expect(error.problems).toEqual([expect.stringMatching(/^TRUST_PROXY is required in production: .*false/)]);
      expect(configError({ ...PRODUCTION, TRUST_PROXY: '  ' }).problems).toEqual(error.problems);
    });

    it.each([
      ['false', false],
      ['1', 1],
      ['10.0.0.0/8, 192.168.0.0/16', '10.0.0.0/8, 192.168.0.0/16'],
    ])('should accept TRUST_PROXY=%s as an explicit answer', (value, trustProxy) => {
      expect(loadConfig({ ...PRODUCTION, TRUST_PROXY: value }).trustProxy).toEqual(trustProxy);
    });

    it('should refuse a weak JWT secret even when it is long enough', () => {
      for (const weak of [
        'changeme-changeme-changeme-changeme',
        'a'.repeat(40),
        'my-super-secret-jwt-key-1234567890',
      ]) {
        const error = configError({ ...PRODUCTION, JWT_SECRET: weak });
        expect(namedVariables(error)).toEqual(['JWT_SECRET']);
        expect(error.problems[0]).toMatch(/^JWT_SECRET is too weak for production/);
      }
    });

    it('should accept the same weak JWT secret outside production', () => {
      expect(loadConfig({ JWT_SECRET: 'changeme-changeme-changeme-changeme' }).auth.jwtSecret).toBe(
        'changeme-changeme-changeme-changeme',
      );
    });

    it('should refuse STRIPE_API_URL', () => {
      const error = configError({ ...PRODUCTION, STRIPE_API_URL: 'http://localhost:12111' });
      expect(error.problems).toEqual(['STRIPE_API_URL must not be set in production (payments must reach Stripe)']);
    });

    it('should accept a complete valid environment, without the emulator', () => {
      const config = loadConfig(PRODUCTION);
      expect(config.env).toBe('production');
      expect(config.isProduction).toBe(true);
      expect(config.usesStripeEmulator).toBe(false);
      expect(config.database.url).toBe(PRODUCTION.DATABASE_URL);
      expect(config.auth).toMatchObject({ jwtSecret: STRONG_JWT_SECRET, jwtSecretGenerated: false });
      expect(config.payments.stripe).toMatchObject({
        secretKey: 'sk_live_51NabcDEF123ghi',
        webhookSecrets: ['whsec_0123456789abcdef'],
        apiUrl: undefined,
      });
      expect(config.payments.frontendUrl).toBe('https://shop.example.com');
      expect(config.logLevel).toBe('info');
    });

    it('should accept a restricted key and several webhook secrets', () => {
      const config = loadConfig({
        ...PRODUCTION,
        STRIPE_SECRET_KEY: 'rk_live_restricted123',
        STRIPE_WEBHOOK_SECRET: 'whsec_current12345,whsec_previous1234',
      });
      expect(config.payments.stripe.secretKey).toBe('rk_live_restricted123');
      expect(config.payments.stripe.webhookSecrets).toEqual(['whsec_current12345', 'whsec_previous1234']);
    });
  });
});

describe(validateEnvironment.name, () => {
  it('should return the typed variables', () => {
    const env = validateEnvironment({ PORT: '4000', CHECKOUT_TTL_MINUTES: '45', CURRENCY: 'JPY' });
    expect(env.PORT).toBe(4000);
    expect(env.CHECKOUT_TTL_MINUTES).toBe(45);
    expect(env.CURRENCY).toBe('jpy');
  });

  it('should not read process.env when given an environment', () => {
    const saved = process.env.PORT;
    process.env.PORT = 'not-a-port';
    try {
      expect(validateEnvironment({}).PORT).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });
});
