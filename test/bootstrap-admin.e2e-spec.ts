import { DemoDataService } from '../src/demo/demo-data.service';
import { UsersService } from '../src/users/users.service';
import { PASSWORD, uniqueEmail } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const ADMIN_PASSWORD = 'the chosen admin password 7';

/** ADMIN_EMAIL/ADMIN_PASSWORD at boot, against accounts that already exist (e.g. the demo admin). */
describe('Bootstrap admin password (e2e)', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  /** An app whose configuration names `email` as the bootstrap admin, with `existing` made before it boots. */
  async function bootWithExistingAccount(existing: { role: 'admin' | 'customer'; password: string }) {
    const email = uniqueEmail('boss');
    t = await createTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD });
    await t.app.get(UsersService).create(email, existing.password, existing.role);
    const before = await account(t, email);
    await t.app.get(DemoDataService).prepare();
    return { t, email, before, after: await account(t, email) };
  }

  const account = async (app: TestApp, email: string): Promise<{ role: string; password_hash: string }> =>
    (await app.dataSource.query('SELECT role, password_hash FROM users WHERE email = $1', [email]))[0];
  const login = (app: TestApp, email: string, password: string) =>
    app.http().post('/auth/login').send({ email, password });

  it('should give an existing admin ADMIN_PASSWORD, so the old password stops working', async () => {
    const { t, email, before, after } = await bootWithExistingAccount({
      role: 'admin',
      password: 'the old demo password 1',
    });

    expect(after.role).toBe('admin');
    expect(after.password_hash).not.toBe(before.password_hash);
    const { body } = await login(t, email, ADMIN_PASSWORD).expect(200);
    await t.http().get('/admin/orders').set('Authorization', `Bearer ${body.accessToken}`).expect(200);
    await login(t, email, 'the old demo password 1').expect(401);
  });

  it('should leave an admin that already has ADMIN_PASSWORD untouched', async () => {
    const { before, after } = await bootWithExistingAccount({ role: 'admin', password: ADMIN_PASSWORD });
    expect(after).toEqual(before);
  });

  it("should neither promote a customer with another password nor change that customer's password", async () => {
    const { t, email, before, after } = await bootWithExistingAccount({ role: 'customer', password: PASSWORD });

    expect(after).toEqual(before);
    await login(t, email, ADMIN_PASSWORD).expect(401);
    await login(t, email, PASSWORD).expect(200);
  });

  it('should promote a customer that already has ADMIN_PASSWORD, keeping the password', async () => {
    const { before, after } = await bootWithExistingAccount({ role: 'customer', password: ADMIN_PASSWORD });
    expect(after).toEqual({ role: 'admin', password_hash: before.password_hash });
  });
});
