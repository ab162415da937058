import { JwtService } from '@nestjs/jwt';
import { DemoDataService } from '../src/demo/demo-data.service';
import { UsersService } from '../src/users/users.service';
import { createUser, PASSWORD, uniqueEmail } from './support/factories';
import { createTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('Auth (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const userCount = async (email: string) =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM users WHERE email = lower($1)', [email]))[0].n as number;

  describe('POST /auth/register', () => {
    it('should create a customer with a lowercased email and a hashed password', async () => {
      const email = uniqueEmail('Ada').replace('ada', 'Ada');
      const { body } = await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
      expect(body).toEqual({ id: expect.any(String), email: email.toLowerCase(), role: 'customer' });
      const [row] = await t.dataSource.query('SELECT email, role, password_hash FROM users WHERE id = $1', [body.id]);
      expect(row.email).toBe(email.toLowerCase());
      expect(row.role).toBe('customer');
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).not.toContain(PASSWORD);
    });

    it('should refuse a taken email, whatever its case, with 409 EMAIL_TAKEN', async () => {
      const email = uniqueEmail();
      await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
      const { body } = await t
        .http()
        .post('/auth/register')
        .send({ email: email.toUpperCase(), password: PASSWORD })
        .expect(409);
      expect(body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'EMAIL_TAKEN' });
      expect(await userCount(email)).toBe(1);
    });

    it.each([
      ['too short', 'abc12'],
      ['letters only', 'onlylettershere'],
      ['digits only', '12345678901'],
      ['too few distinct characters', 'aaaa1111aaaa'],
      ['a common password', 'Password123'],
      ['too long', `a1${'x'.repeat(127)}`],
      ['not a string', 1234567890],
    ])('should refuse a weak password (%s) with 400 naming password', async (_case, password) => {
      const email = uniqueEmail();
      const { body } = await t.http().post('/auth/register').send({ email, password }).expect(400);
      expect(body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(body.message).toMatch(/^password/);
      expect(await userCount(email)).toBe(0);
    });

    it.each(['not-an-email', 'a@', '@example.test', 'a b@example.test', ''])(
      'should refuse the malformed email %p',
      async (email) => {
        const { body } = await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(400);
        expect(body.message).toMatch(/email/);
      },
    );

    it('should answer one message per missing field, and write nothing', async () => {
      const users = (await t.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n;
      const { body } = await t.http().post('/auth/register').send({}).expect(400);
      expect(body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'email must be a valid email address; password must be a string',
        details: [
          { field: 'email', messages: ['email must be a valid email address'] },
          { field: 'password', messages: ['password must be a string'] },
        ],
      });
      expect((await t.dataSource.query('SELECT count(*)::int AS n FROM users'))[0].n).toBe(users);
    });

    it('should refuse a body that tries to choose its role or id', async () => {
      const email = uniqueEmail();
      for (const extra of [{ role: 'admin' }, { id: '00000000-0000-4000-8000-000000000000' }, { userId: 'x' }]) {
        const { body } = await t
          .http()
          .post('/auth/register')
          .send({ email, password: PASSWORD, ...extra })
          .expect(400);
        expect(body.code).toBe('VALIDATION_FAILED');
        expect(body.message).toContain(`${Object.keys(extra)[0]} should not exist`);
      }
      expect(await userCount(email)).toBe(0);
    });
  });

  describe('POST /auth/login', () => {
    it('should return a bearer token that works on /auth/me', async () => {
      const email = uniqueEmail();
      await t.http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
      const { body } = await t
        .http()
        .post('/auth/login')
        .send({ email: ` ${email.toUpperCase()} `, password: PASSWORD })
        .expect(200);
      expect(body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
      const me = await t.http().get('/auth/me').set('Authorization', `Bearer ${body.accessToken}`).expect(200);
      expect(me.body).toEqual({ id: expect.any(String), email, role: 'customer' });
    });

    it('should answer a wrong password and an unknown email the same way: 401 INVALID_CREDENTIALS', async () => {
      const user = await createUser(t);
      const wrong = await t
        .http()
        .post('/auth/login')
        .send({ email: user.email, password: 'wrong password 1' })
        .expect(401);
      const unknown = await t.http().post('/auth/login').send({ email: uniqueEmail(), password: PASSWORD }).expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
    });

    it('should refuse a login body with missing fields', async () => {
      const { body } = await t.http().post('/auth/login').send({ email: uniqueEmail() }).expect(400);
      expect(body.message).toBe('password must be a string');
      expect(body.details).toEqual([{ field: 'password', messages: ['password must be a string'] }]);
      const missingEmail = await t.http().post('/auth/login').send({ password: PASSWORD }).expect(400);
      expect(missingEmail.body.message).toBe('email must be a string');
    });
  });

  describe('bearer tokens', () => {
    const jwt = new JwtService({ secret: TEST_JWT_SECRET });

    it('should refuse a request without a token', async () => {
      const { body } = await t.http().get('/auth/me').expect(401);
      expect(body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect(body.message).toMatch(/bearer token is required/i);
    });

    it('should refuse an expired token', async () => {
      const user = await createUser(t);
      const token = jwt.sign({
        sub: user.id,
        email: user.email,
        role: 'customer',
        exp: Math.floor(Date.now() / 1000) - 10,
      });
      const { body } = await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(body.message).toMatch(/expired/);
    });

    it('should refuse a tampered token (role raised to admin)', async () => {
      const user = await createUser(t);
      const [header, , signature] = user.token.split('.');
      const payload = JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString());
      const forged = `${header}.${b64url({ ...payload, role: 'admin' })}.${signature}`;
      await t.http().get('/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
      await t.http().get('/admin/products').set('Authorization', `Bearer ${forged}`).expect(401);
    });

    it('should refuse an unsigned `alg: none` token', async () => {
      const user = await createUser(t);
      const now = Math.floor(Date.now() / 1000);
      const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: user.id, email: user.email, role: 'admin', iat: now, exp: now + 600 })}.`;
      const { body } = await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(body.code).toBe('UNAUTHENTICATED');
    });

    it('should refuse a token signed with another secret, and garbage', async () => {
      const user = await createUser(t);
      const other = new JwtService({ secret: 'another-secret-another-secret-another' });
      const token = other.sign({ sub: user.id, email: user.email, role: 'customer' });
      await t.http().get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      await t.http().get('/auth/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
      await t
        .http()
        .get('/auth/me')
        .set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`)
        .expect(401);
    });
  });

  describe('roles', () => {
    it('should let an admin through an admin route and refuse a customer with 403', async () => {
      const admin = await createUser(t, 'admin');
      const customer = await createUser(t);
      await t.http().get('/admin/products').set(admin.auth).expect(200);
      const { body } = await t.http().get('/admin/products').set(customer.auth).expect(403);
      expect(body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    });
  });
});

describe('Bootstrap admin (e2e)', () => {
  const adminEmail = uniqueEmail('boss');
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'the real admin password 1' });
  });
  afterAll(() => t.close());

  it('should not promote an account that someone registered first with that email and another password', async () => {
    await t.http().post('/auth/register').send({ email: adminEmail, password: PASSWORD }).expect(201);
    await t.app.get(DemoDataService).prepare();
    const login = await t.http().post('/auth/login').send({ email: adminEmail, password: PASSWORD }).expect(200);
    await t.http().get('/admin/orders').set('Authorization', `Bearer ${login.body.accessToken}`).expect(403);
    const [row] = await t.dataSource.query('SELECT role FROM users WHERE email = $1', [adminEmail]);
    expect(row.role).toBe('customer');
  });

  it('should create the admin when the email is free, and promote an account that has the admin password', async () => {
    const email = uniqueEmail('ops');
    await t.http().post('/auth/register').send({ email, password: 'the real admin password 1' }).expect(201);
    await t.app.get(UsersService).ensureAdmin(email, 'the real admin password 1');
    const fresh = uniqueEmail('fresh');
    await t.app.get(UsersService).ensureAdmin(fresh, 'the real admin password 1');
    const rows = await t.dataSource.query('SELECT email, role FROM users WHERE email = ANY($1) ORDER BY email', [
      [email, fresh],
    ]);
    expect(rows.map((r: { role: string }) => r.role)).toEqual(['admin', 'admin']);
  });
});

describe('Auth rate limit (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('should answer 429 RATE_LIMITED past the limit on login', async () => {
    const attempt = () => t.http().post('/auth/login').send({ email: uniqueEmail(), password: PASSWORD });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const { status, body } = await attempt();
    expect(status).toBe(429);
    expect(body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  });

  it('should not limit the rest of the API', async () => {
    for (let i = 0; i < 5; i++) await t.http().get('/products').expect(200);
  });
});
