import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type pino from 'pino';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { AppConfig } from './config/app-config';
import { loadConfigWithEnvFile } from './config/env-file';
import { ConfigValidationError } from './config/environment';
import { keptJwtSecret } from './config/kept-jwt-secret';
import { EmbeddedDatabase, startEmbeddedPostgres, takeOverShutdownSignals } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { DemoDataService } from './demo/demo-data.service';
import { createLogger } from './logging/logger-options';
import type { StripeEmulatorHandle } from './stripe-emulator';

/** Boot order: config, database, migrations, HTTP. Shutdown in reverse, on SIGINT/SIGTERM. */
async function bootstrap(): Promise<void> {
  let config = await readConfigOrExit();
  // Start-up and shutdown lines are shown even when LOG_LEVEL silences the app.
  const rootLog = createLogger({
    logLevel: config.logLevel === 'silent' ? 'info' : config.logLevel,
    logFormat: config.logFormat,
  });
  const log = rootLog.child({ context: 'Bootstrap' });

  let embedded: EmbeddedDatabase | undefined;
  let emulator: StripeEmulatorHandle | undefined;
  let app: NestExpressApplication | undefined;
  const stop = async (exitCode: number) => {
    await app?.close().catch((error) => log.error({ err: error }, 'Closing the HTTP server failed'));
    await emulator?.close().catch((error) => log.error({ err: error }, 'Stopping the Stripe emulator failed'));
    await embedded?.stop().catch((error) => log.error({ err: error }, 'Stopping the embedded PostgreSQL failed'));
    process.exit(exitCode);
  };

  try {
    if (config.database.url === undefined) {
      takeOverShutdownSignals();
      embedded = await startEmbeddedPostgres({
        dataDir: config.database.dataDir,
        log: (msg) => logEmbeddedNotice(log, msg),
      });
      log.info(
        `Embedded PostgreSQL running (data in ${embedded.dataDir}): DATABASE_URL=${redactPassword(embedded.url)}; ` +
          'open it with `npm run db:psql`',
      );
    } else if (!config.isProduction) {
      log.info(`PostgreSQL at DATABASE_URL=${redactPassword(config.database.url)}; open it with \`npm run db:psql\``);
    }
    if (config.keepsJwtSecretInDataFolder) {
      const kept = await keptJwtSecret(embedded?.dataDir ?? config.database.dataDir);
      config = config.withKeptJwtSecret(kept.secret, kept.file);
    }
    if (config.usesEmulator) {
      // The root logger: the emulator's lines carry their own context, not Bootstrap's as well.
      emulator = await startStripeEmulatorHandle(config, rootLog);
      config = config.withEmulator(emulator.url);
    }
    const databaseUrl = config.database.url ?? embedded!.url;
    const applied = await runMigrations(databaseUrl);
    if (applied.length > 0) log.info(`Applied migrations: ${applied.join(', ')}`);

    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
      bufferLogs: true,
      bodyParser: false,
      rawBody: true,
    });
    configureApp(app, config);
    const demoAdmin = await app.get(DemoDataService).prepare();
    await app.listen(config.port);

    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        log.info(`${signal} received: shutting down`);
        process.once(signal, () => process.exit(1));
        void stop(0);
      });
    }
    // From process start: loading the modules is most of a boot, so count it too.
    announce(log, config, Math.round(process.uptime() * 1000), demoAdmin);
  } catch (error) {
    log.fatal(describeStartupError(error, config));
    await stop(1);
  }
}

/** Dev only: loaded on demand so production code never imports the emulator. */
async function startStripeEmulatorHandle(config: AppConfig, log: pino.Logger): Promise<StripeEmulatorHandle> {
  const { startStripeEmulator, DEFAULT_ASYNC_OUTCOME } = await import('./stripe-emulator/index.js');
  const stripe = config.payments.stripe;
  const emulatorLog = log.child({ context: 'StripeEmulator' });
  try {
    return await startStripeEmulator({
      // Serving PayPal alone (Stripe goes to STRIPE_API_URL, perhaps an emulator run alone on
      // the usual port, or to Stripe): any free port, so the two never collide.
      port: config.usesStripeEmulator ? stripe.emulatorPort : 0,
      host: stripe.emulatorHost,
      // Browsers open the checkout page here; the SDK keeps talking to the address it listens on.
      publicUrl: stripe.emulatorPublicUrl,
      webhookUrl: stripe.emulatorWebhookUrl ?? `http://127.0.0.1:${config.port}/webhooks/stripe`,
      webhookSecret: stripe.webhookSecrets[0],
      // The PayPal stand-in on the same server signs for the webhook id the provider verifies against.
      paypal: {
        webhookUrl: `http://127.0.0.1:${config.port}/webhooks/paypal`,
        webhookId: config.payments.paypal.webhookId,
      },
      // "Pay later" on the checkout page settles by itself, like a bank debit, after a short delay.
      asyncPaymentAutoOutcome: DEFAULT_ASYNC_OUTCOME,
      log: (message, fields) => emulatorLog.info(fields ?? {}, message),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`Port ${stripe.emulatorPort} for the local Stripe emulator is in use: set STRIPE_EMULATOR_PORT`, {
        cause: error,
      });
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') {
      throw new Error(
        `STRIPE_EMULATOR_HOST=${stripe.emulatorHost} is not an address of this machine: use 0.0.0.0 or 127.0.0.1`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function readConfigOrExit(): Promise<AppConfig> {
  try {
    return await loadConfigWithEnvFile();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(`orderpay cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

function announce(
  log: pino.Logger,
  config: AppConfig,
  bootMs: number,
  demoAdmin?: { email: string; password: string },
) {
  const base = `http://localhost:${config.port}`;
  const docs = config.docsEnabled
    ? `, Swagger UI ${base}/docs, OpenAPI ${base}/docs-json`
    : ' (Swagger UI off: DOCS_ENABLED)';
  log.info(`orderpay ready in ${bootMs} ms: API ${base}${docs}`);
  if (config.usesStripeEmulator || config.payments.stripe.apiUrl) {
    log.warn(
      `Payments go to a LOCAL STRIPE EMULATOR at ${config.payments.stripe.apiUrl} (no money moves, no Stripe account needed). ` +
        'To use Stripe test mode: set STRIPE_SECRET_KEY=sk_test_... and STRIPE_WEBHOOK_SECRET=whsec_... from ' +
        '`stripe listen --forward-to localhost:' +
        config.port +
        '/webhooks/stripe` (see README).',
    );
  }
  if (
    config.usesPayPalEmulator ||
    (config.payments.paypal.enabled && config.payments.paypal.apiUrl.startsWith('http:'))
  ) {
    log.warn(
      `PayPal payments go to the emulator's PAYPAL STAND-IN at ${config.payments.paypal.apiUrl} (no PayPal account needed). ` +
        'To use the PayPal sandbox: set PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID (see README).',
    );
  }
  if (config.isProduction && config.payments.stripe.secretKey?.includes('_test_')) {
    log.warn('NODE_ENV=production with a Stripe TEST key: no real payment will be taken');
  }
  if (config.auth.jwtSecretGenerated) {
    log.warn('JWT_SECRET is not set: using a random secret, so tokens stop working when the process restarts');
  }
  if (config.auth.jwtSecretFile) {
    log.info(
      `JWT_SECRET is not set: tokens are signed with the development secret kept in ${config.auth.jwtSecretFile}`,
    );
  }
  if (demoAdmin) {
    log.warn(
      `Demo admin created (shown once; set ADMIN_EMAIL and ADMIN_PASSWORD to choose your own): ` +
        `email ${demoAdmin.email} password ${demoAdmin.password}`,
    );
  }
}

function describeStartupError(error: unknown, config: AppConfig): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') return `Port ${config.port} is already in use: stop the other program or set PORT`;
  if (code === 'ECONNREFUSED')
    return `Cannot reach PostgreSQL at DATABASE_URL (${redactPassword(config.database.url ?? '')}): is it running?`;
  if (code === '28P01' || code === '3D000') return `PostgreSQL refused the connection: ${(error as Error).message}`;
  return error instanceof Error
    ? `orderpay failed to start: ${error.message}`
    : `orderpay failed to start: ${String(error)}`;
}

/** Progress notes at info; what needs the developer's attention (a temporary data folder, an orphan) at warn. */
function logEmbeddedNotice(log: pino.Logger, message: string): void {
  if (/^(Creating|Running as root)/.test(message)) log.info(message);
  else log.warn(message);
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]+@/, '//$1:***@');
}

void bootstrap();
