import { randomUUID } from 'node:crypto';
import { AuthService } from '../src/auth/auth.service';
import { PostgresThrottlerStorage } from '../src/rate-limits/postgres-throttler-storage';
import { UsersService } from '../src/users/users.service';
import { startAppInstance } from './support/app-instance';
import { PASSWORD, uniqueEmail } from './support/factories';
import { createTestDatabase } from './support/test-database';
import type { TestApp } from './support/test-app';

/**
 * Two instances of the app on one database, as behind a load balancer: every limit is counted in
 * PostgreSQL, so a client cannot get N times its budget by landing on N instances.
 */
describe('Rate limits shared by every instance (e2e)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { AUTH_RATE_LIMIT_PER_MINUTE: '3', PAY_RATE_LIMIT_PER_MINUTE: '2' };
    [a, b] = await Promise.all([startAppInstance(database.url, env), startAppInstance(database.url, env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  /** A signed-in customer whose login did not go through HTTP, so it spends no auth budget. */
  async function customer(): Promise<{ id: string; auth: { Authorization: string } }> {
    const email = uniqueEmail('customer');
    const user = await a.app.get(UsersService).create(email, PASSWORD);
    const { accessToken } = await a.app.get(AuthService).login({ email, password: PASSWORD });
    return { id: user.id, auth: { Authorization: `Bearer ${accessToken}` } };
  }

  const login = (t: TestApp) => t.http().post('/auth/login').send({ email: uniqueEmail(), password: PASSWORD });
  /** An unknown order: 404 after the limit counted the call, 429 once over it; Stripe is never called. */
  const pay = (t: TestApp, user: { auth: { Authorization: string } }) =>
    t.http().post(`/orders/${randomUUID()}/pay`).set(user.auth).send({ paymentMethod: 'stripe' });
  const counters = async () =>
    (await a.dataSource.query<{ hits: number }[]>('SELECT hits FROM rate_limits ORDER BY hits')).map((row) => row.hits);

  it('should count login attempts from one IP once across both instances, then answer 429 on either', async () => {
    expect((await login(a)).status).toBe(401);
    expect((await login(b)).status).toBe(401);
    expect((await login(a)).status).toBe(401);
    const refused = await login(b);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.headers['retry-after-auth'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after-auth'])).toBeLessThanOrEqual(60);
    // The standard header carries the same wait, and the message says it.
    expect(refused.headers['retry-after']).toBe(refused.headers['retry-after-auth']);
    expect(refused.body.message).toMatch(
      new RegExp(`^Too many requests: try again in ${refused.headers['retry-after']} seconds?$`),
    );
    expect((await login(a)).status).toBe(429);
    expect(await counters()).toContain(5);
  });

  it('should give /pay a budget per user, shared by the instances, whatever IP the users share', async () => {
    const first = await customer();
    const second = await customer();
    expect((await pay(a, first)).status).toBe(404);
    expect((await pay(b, first)).status).toBe(404);
    const { status, body } = await pay(a, first);
    expect(status).toBe(429);
    expect(body).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await pay(b, first)).status).toBe(429);
    // Same IP (127.0.0.1), another user: a storefront server calling for many customers is not throttled.
    expect((await pay(b, second)).status).toBe(404);
    expect((await pay(a, second)).status).toBe(404);
    expect((await pay(b, second)).status).toBe(429);
  });

  it('should start a new window once the current one has passed', async () => {
    const user = await customer();
    expect((await pay(a, user)).status).toBe(404);
    expect((await pay(b, user)).status).toBe(404);
    expect((await pay(a, user)).status).toBe(429);
    // As if the minute had passed (every counter of this database: the other tests' are spent anyway).
    await a.dataSource.query(`UPDATE rate_limits SET window_ends_at = now() - interval '1 second'`);
    expect((await pay(b, user)).status).toBe(404);
    expect((await pay(a, user)).status).toBe(404);
    expect((await pay(b, user)).status).toBe(429);
  });

  it('should prune passed windows and keep the running ones', async () => {
    await a.dataSource.query(
      `INSERT INTO rate_limits (key, hits, window_ends_at)
       VALUES ('test-passed', 3, now() - interval '1 second'), ('test-running', 3, now() + interval '1 minute')`,
    );
    expect(await b.app.get(PostgresThrottlerStorage).prune()).toBeGreaterThanOrEqual(1);
    const keys = (
      await a.dataSource.query<{ key: string }[]>(`SELECT key FROM rate_limits WHERE key LIKE 'test-%'`)
    ).map((row) => row.key);
    expect(keys).toEqual(['test-running']);
  });
});
