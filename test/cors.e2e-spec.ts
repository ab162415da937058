import { createTestApp, TestApp } from './support/test-app';

/** The browser's side of CORS: which origins get the Access-Control-Allow-Origin that lets a page read an answer. */
const allowedOriginOf = (headers: Record<string, string>) => headers['access-control-allow-origin'];

describe('CORS', () => {
  describe('without CORS_ORIGINS', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ FRONTEND_URL: 'http://shop.example.test/store' });
    });
    afterAll(() => t.close());

    it("should allow FRONTEND_URL's origin and refuse any other", async () => {
      const allowed = await t.http().get('/products').set('Origin', 'http://shop.example.test').expect(200);
      expect(allowedOriginOf(allowed.headers)).toBe('http://shop.example.test');
      expect(allowed.headers.vary).toMatch(/Origin/);

      const refused = await t.http().get('/products').set('Origin', 'http://evil.example.test').expect(200);
      expect(allowedOriginOf(refused.headers)).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({
        FRONTEND_URL: 'http://shop.example.test',
        CORS_ORIGINS: 'https://admin.example.test, http://localhost:5173',
      });
    });
    afterAll(() => t.close());

    it.each(['https://admin.example.test', 'http://localhost:5173'])('should allow %s, listed', async (origin) => {
      const { headers } = await t.http().get('/products').set('Origin', origin).expect(200);
      expect(allowedOriginOf(headers)).toBe(origin);
    });

    it.each([
      'http://shop.example.test',
      'http://evil.example.test',
      'https://admin.example.test:8443',
      'http://admin.example.test',
    ])('should refuse %s, not listed (FRONTEND_URL only sets the return URLs)', async (origin) => {
      const { headers } = await t.http().get('/products').set('Origin', origin).expect(200);
      expect(allowedOriginOf(headers)).toBeUndefined();
    });

    it('should answer a preflight from a listed origin with the methods and headers it may use', async () => {
      const { headers } = await t
        .http()
        .options('/orders')
        .set('Origin', 'https://admin.example.test')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type')
        .expect(204);
      expect(allowedOriginOf(headers)).toBe('https://admin.example.test');
      expect(headers['access-control-allow-methods']).toContain('POST');
      expect(headers['access-control-allow-headers']).toBe('authorization,content-type');
      expect(headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('should give a preflight from another origin nothing a browser would accept', async () => {
      const { headers } = await t
        .http()
        .options('/orders')
        .set('Origin', 'http://evil.example.test')
        .set('Access-Control-Request-Method', 'POST')
        .expect(204);
      expect(allowedOriginOf(headers)).toBeUndefined();
    });
  });
});
