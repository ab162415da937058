import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { startStripeEmulator, StripeEmulatorHandle, StripeEmulatorOptions } from '../../src/stripe-emulator';
import { checkedAgent, webhookAnswerChecker } from './openapi-checks';
import { createTestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdefghijklmnop';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** The local Stripe the app's SDK talks to; its events are delivered to this app. */
  stripe: StripeEmulatorHandle;
  /** Base URL the app listens on (webhooks arrive here). */
  baseUrl: string;
  dataSource: DataSource;
  http: () => TestAgent;
  close: () => Promise<void>;
}

/**
 * The whole app, configured exactly as main.ts serves it, on a database of its own and with a
 * local Stripe emulator of its own. `env` overrides the test environment (e.g. a low rate limit).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  emulatorOptions: Partial<StripeEmulatorOptions> = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const baseConfig = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    FRONTEND_URL: 'http://shop.example.test',
    LOG_LEVEL: 'silent',
    ...env,
  });
  // Known once listening; the emulator's answer checker reads it then.
  const listening: { url?: string } = {};
  const stripe = await startStripeEmulator({
    // What the app answers the emulator's own deliveries is checked against the document too.
    onWebhookAnswer: webhookAnswerChecker(() => listening.url),
    webhookSecret: baseConfig.payments.stripe.webhookSecrets[0],
    paypal: { webhookId: baseConfig.payments.paypal.webhookId },
    // Fast retries: a test that makes the app fail must see the redelivery in milliseconds.
    retry: { attempts: 5, baseDelayMs: 50, timeoutMs: 5_000 },
    refundSettleMs: 30,
    ...emulatorOptions,
  });
  const config = baseConfig.withEmulator(stripe.url);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, database.url)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    rawBody: true,
    bufferLogs: true,
  });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  const baseUrl = (listening.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  if (!emulatorOptions.webhookUrl) stripe.setWebhookUrl(`${baseUrl}/webhooks/stripe`);
  if (!emulatorOptions.paypal?.webhookUrl) stripe.paypal.setWebhookUrl(`${baseUrl}/webhooks/paypal`);
  return {
    app,
    config,
    stripe,
    baseUrl,
    dataSource: app.get(DataSource),
    // Checked against docs/openapi.json when the e2e setup file turned the checks on (openapi-setup.ts).
    http: () => checkedAgent(request(server)),
    close: async () => {
      await stripe.close();
      await app.close();
      await database.drop();
    },
  };
}
