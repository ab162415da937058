import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { loadConfig } from '../../src/config/app-config';
import { startStripeEmulator } from '../../src/stripe-emulator';
import { checkedAgent, webhookAnswerChecker } from './openapi-checks';
import { TEST_JWT_SECRET, type TestApp } from './test-app';

/**
 * One more instance of the app on a database the caller owns (several instances on one database,
 * or one behind PgBouncer), configured like createTestApp's; closing it leaves the database.
 * `env` overrides the test environment, as in createTestApp.
 */
export async function startAppInstance(databaseUrl: string, env: Record<string, string> = {}): Promise<TestApp> {
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
    onWebhookAnswer: webhookAnswerChecker(() => listening.url),
    webhookSecret: baseConfig.payments.stripe.webhookSecrets[0],
    paypal: { webhookId: baseConfig.payments.paypal.webhookId },
    retry: { attempts: 5, baseDelayMs: 50, timeoutMs: 5_000 },
    refundSettleMs: 30,
  });
  const config = baseConfig.withEmulator(stripe.url);
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, databaseUrl)] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      rawBody: true,
      bufferLogs: true,
    });
    configureApp(app, config);
    await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer();
    const baseUrl = (listening.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    stripe.setWebhookUrl(`${baseUrl}/webhooks/stripe`);
    stripe.paypal.setWebhookUrl(`${baseUrl}/webhooks/paypal`);
    return {
      app,
      config,
      stripe,
      baseUrl,
      dataSource: app.get(DataSource),
      http: () => checkedAgent(request(server)),
      close: async () => {
        await stripe.close();
        await app.close();
      },
    };
  } catch (error) {
    await stripe.close();
    throw error;
  }
}
