import packageJson from '../package.json';
import { createTestApp, TestApp } from './support/test-app';

describe('HTTP surface', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should answer liveness and readiness with the database checked', async () => {
    await t.http().get('/health/live').expect(200, { status: 'ok' });
    await t
      .http()
      .get('/health/ready')
      .expect(200, { status: 'ok', checks: { database: 'up' } });
  });

  it('should serve Swagger UI and an OpenAPI document with bearer auth and every route', async () => {
    const ui = await t.http().get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    const { body } = await t.http().get('/docs-json').expect(200);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(body.info).toMatchObject({ version: packageJson.version, license: { name: 'MIT' } });
    expect(body.servers).toEqual([{ url: '/', description: 'This orderpay instance' }]);
    expect(body.tags.map((tag: { name: string }) => tag.name)).toEqual([
      'auth',
      'products',
      'orders',
      'payments',
      'webhooks',
      'admin',
      'health',
    ]);
    for (const tag of body.tags) expect(tag.description).toEqual(expect.any(String));
    expect(Object.keys(body.paths).sort()).toEqual(
      expect.arrayContaining([
        '/auth/register',
        '/auth/login',
        '/auth/me',
        '/products',
        '/products/{id}',
        '/admin/products',
        '/admin/products/{id}',
        '/orders',
        '/orders/{id}',
        '/orders/{id}/cancel',
        '/health/live',
        '/health/ready',
      ]),
    );
    expect(body.paths['/orders'].post.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/orders'].post.responses['400'].content['application/json'].schema.oneOf).toEqual([
      { $ref: '#/components/schemas/ValidationFailedError' },
      { $ref: '#/components/schemas/MalformedJsonError' },
    ]);
    expect(body.components.schemas.ValidationFailedError.allOf[0]).toEqual({
      $ref: '#/components/schemas/ErrorResponse',
    });
    expect(body.paths['/auth/login'].post.responses['401']).toBeDefined();
  });

  it('should answer an unknown route with the error shape and a 404', async () => {
    const { body } = await t.http().get('/nope').expect(404);
    expect(body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'No route GET /nope',
      code: 'ROUTE_NOT_FOUND',
    });
  });

  it('should give every response a request id, keeping a sane one from the caller', async () => {
    const generated = await t.http().get('/health/live').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.http().get('/health/live').set('X-Request-Id', 'trace-123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-123');
    const refused = await t.http().get('/health/live').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(refused.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('should send helmet security headers', async () => {
    const { headers } = await t.http().get('/health/live').expect(200);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    // Swagger UI must keep working over plain http on another host.
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['x-powered-by']).toBeUndefined();
  });

  it('should refuse malformed JSON with 400 MALFORMED_JSON', async () => {
    const { body } = await t
      .http()
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
    expect(body.message).toMatch(/Malformed JSON/);
  });

  it('should refuse a body above the size limit with 413', async () => {
    const { body } = await t
      .http()
      .post('/auth/login')
      .send({ email: 'a@b.test', password: 'x'.repeat(70_000) })
      .expect(413);
    expect(body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });
});
