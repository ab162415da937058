import { waitFor } from './support/payments';
import { createAdmin, createUser, type TestUser } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

const NO_ACCOUNT = {
  statusCode: 401,
  error: 'Unauthorized',
  message: 'This account no longer exists',
  code: 'UNAUTHENTICATED',
};

describe('Role changes before the token expires (e2e)', () => {
  describe('without the user cache (AUTH_USER_CACHE_SECONDS=0)', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ AUTH_USER_CACHE_SECONDS: '0' });
    });
    afterAll(() => t.close());

    const setRole = (user: TestUser, role: string) =>
      t.dataSource.query('UPDATE users SET role = $2 WHERE id = $1', [user.id, role]);

    it('should refuse admin routes (403) to a demoted admin at the next request, with the same token', async () => {
      const admin = await createAdmin(t);
      await t.http().get('/admin/orders').set(admin.auth).expect(200);
      await setRole(admin, 'customer');
      const { body } = await t.http().get('/admin/orders').set(admin.auth).expect(403);
      expect(body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      const me = await t.http().get('/auth/me').set(admin.auth).expect(200);
      expect(me.body).toMatchObject({ id: admin.id, role: 'customer' });
    });

    it('should open admin routes to a promoted customer with the token it already has', async () => {
      const customer = await createUser(t);
      await t.http().get('/admin/orders').set(customer.auth).expect(403);
      await setRole(customer, 'admin');
      await t.http().get('/admin/orders').set(customer.auth).expect(200);
    });

    it('should answer 401 to a deleted account on every authenticated route', async () => {
      const customer = await createUser(t);
      await t.http().get('/orders').set(customer.auth).expect(200);
      await t.dataSource.query('DELETE FROM users WHERE id = $1', [customer.id]);
      for (const path of ['/orders', '/auth/me']) {
        const { body } = await t.http().get(path).set(customer.auth).expect(401);
        expect(body).toEqual(NO_ACCOUNT);
      }
    });
  });

  it('should read users through its own app when another app of the process has closed', async () => {
    // Passport keeps one strategy per name per process: the lookup must not live there.
    const first = await createTestApp();
    const admin = await createAdmin(first);
    const other = await createTestApp();
    await other.close();
    try {
      await first.http().get('/admin/orders').set(admin.auth).expect(200);
    } finally {
      await first.close();
    }
  });

  describe('with a cache of one second', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ AUTH_USER_CACHE_SECONDS: '1' });
    });
    afterAll(() => t.close());

    it('should take a demotion and a deletion into account once the cached answer is older than the setting', async () => {
      const admin = await createAdmin(t);
      await t.http().get('/admin/orders').set(admin.auth).expect(200);
      await t.dataSource.query(`UPDATE users SET role = 'customer' WHERE id = $1`, [admin.id]);
      await waitFor(async () => (await t.http().get('/admin/orders').set(admin.auth)).status === 403, {
        what: 'the demoted admin refused',
        timeoutMs: 5000,
        intervalMs: 100,
      });
      await t.dataSource.query('DELETE FROM users WHERE id = $1', [admin.id]);
      await waitFor(async () => (await t.http().get('/orders').set(admin.auth)).status === 401, {
        what: 'the deleted account refused',
        timeoutMs: 5000,
        intervalMs: 100,
      });
      expect((await t.http().get('/orders').set(admin.auth)).body).toEqual(NO_ACCOUNT);
    });
  });
});
