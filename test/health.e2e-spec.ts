import type { Pool } from 'pg';
import { waitFor } from './support/payments';
import { testServerUrl, withAdminClient } from './support/test-database';
import { createTestApp, TestApp } from './support/test-app';

const READY = { status: 'ok', checks: { database: 'up' } };
const NOT_READY = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'Not ready: database down',
  code: 'SERVICE_UNAVAILABLE',
  // Every 5xx names its request, to find its log line; nothing else about the failure.
  requestId: expect.any(String),
};

describe('Health (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Refuses every new connection to the app's database and ends the open ones, as an outage would. */
  const setDatabaseOutage = (down: boolean) =>
    withAdminClient(testServerUrl(), async (client) => {
      const database = new URL((t.dataSource.options as { url: string }).url).pathname.slice(1);
      await client.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS ${down ? 'false' : 'true'}`);
      if (down)
        await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
    });

  it('should answer liveness and readiness while the database answers', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    await t.http().get('/health/ready').expect(200, READY);
  });

  it('should fail readiness with 503 in the one error shape while the database is unreachable, keep liveness, and recover', async () => {
    await setDatabaseOutage(true);
    try {
      const { body } = await t.http().get('/health/ready').expect(503);
      expect(body).toEqual(NOT_READY);
      // Why it failed (hosts, driver messages) is for the log, not for whoever can reach the probe.
      expect(JSON.stringify(body)).not.toMatch(/accepting connections|terminat|127\.0\.0\.1|orderpay_test/i);
      await t.http().get('/health/live').expect(200, { status: 'ok' });
    } finally {
      await setDatabaseOutage(false);
    }
    await waitFor(async () => (await t.http().get('/health/ready')).status === 200, {
      what: 'readiness back',
      timeoutMs: 5000,
    });
    await t.http().get('/health/ready').expect(200, READY);
  });

  it('should stay ready while every connection of the pool is held, since the probe opens its own', async () => {
    const pool = (t.dataSource.driver as unknown as { master: Pool }).master;
    // Open transactions hold every pooled connection, as a burst of slow requests would.
    const held = await Promise.all(
      Array.from({ length: pool.options.max }, async () => {
        const runner = t.dataSource.createQueryRunner();
        await runner.connect();
        await runner.startTransaction();
        return runner;
      }),
    );
    try {
      expect(pool.totalCount).toBe(pool.options.max);
      expect(pool.idleCount).toBe(0);
      // Within the probe's own 800 ms: a ping waiting for the pool would have answered 503.
      await t.http().get('/health/ready').expect(200, READY);
    } finally {
      for (const runner of held) {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }
  });

  it('should document the 503 answer of readiness in the OpenAPI document', async () => {
    const { body } = await t.http().get('/docs-json').expect(200);
    const responses = body.paths['/health/ready'].get.responses;
    expect(responses['200']).toBeDefined();
    expect(responses['503'].content['application/json']).toMatchObject({
      schema: { $ref: '#/components/schemas/ServiceUnavailableError' },
      examples: { SERVICE_UNAVAILABLE: { value: { statusCode: 503, code: 'SERVICE_UNAVAILABLE' } } },
    });
  });
});

describe('Docs switch (e2e)', () => {
  it('should serve neither Swagger UI nor the OpenAPI document when DOCS_ENABLED=false', async () => {
    const t = await createTestApp({ DOCS_ENABLED: 'false' });
    try {
      for (const path of ['/docs', '/docs-json']) {
        const { body } = await t.http().get(path).expect(404);
        expect(body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
      }
      await t.http().get('/health/live').expect(200);
    } finally {
      await t.close();
    }
  });

  it('should serve both when DOCS_ENABLED=true', async () => {
    const t = await createTestApp({ DOCS_ENABLED: 'true' });
    try {
      expect((await t.http().get('/docs').expect(200)).text).toContain('swagger-ui');
      await t.http().get('/docs-json').expect(200);
    } finally {
      await t.close();
    }
  });
});
