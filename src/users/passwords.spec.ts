import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  const password = 'correct horse battery 42';
  let stored: string;

  beforeAll(async () => {
    stored = await hashPassword(password);
  });

  it('should store the scheme and cost parameters with the hash', () => {
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain(password);
  });

  it('should verify the password it hashed', async () => {
    expect(await verifyPassword(password, stored)).toBe(true);
  });

  it('should refuse a wrong password', async () => {
    expect(await verifyPassword('correct horse battery 43', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    expect(await verifyPassword(password.toUpperCase(), stored)).toBe(false);
  });

  it('should give two different hashes of one password (random salt)', async () => {
    const again = await hashPassword(password);
    expect(again).not.toBe(stored);
    expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
    expect(await verifyPassword(password, again)).toBe(true);
  });

  it('should refuse a tampered key or salt', async () => {
    const parts = stored.split('$');
    const key = Buffer.from(parts[5], 'base64');
    key[0] ^= 0xff;
    const tamperedKey = [...parts.slice(0, 5), key.toString('base64')].join('$');
    expect(await verifyPassword(password, tamperedKey)).toBe(false);

    const salt = Buffer.from(parts[4], 'base64');
    salt[0] ^= 0xff;
    const tamperedSalt = [...parts.slice(0, 4), salt.toString('base64'), parts[5]].join('$');
    expect(await verifyPassword(password, tamperedSalt)).toBe(false);
  });

  it('should refuse a truncated key', async () => {
    const parts = stored.split('$');
    const short = Buffer.from(parts[5], 'base64').subarray(0, 16).toString('base64');
    expect(await verifyPassword(password, [...parts.slice(0, 5), short].join('$'))).toBe(false);
  });

  it('should refuse a hash with a different cost than it was made with', async () => {
    expect(await verifyPassword(password, stored.replace(/^scrypt\$32768\$/, 'scrypt$16384$'))).toBe(false);
  });

  it.each([
    ['an empty string', ''],
    ['plain garbage', 'not-a-hash'],
    ['another scheme', 'argon2$32768$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5'],
    ['a bcrypt hash', '$2b$12$abcdefghijklmnopqrstuuAbCdEfGhIjKlMnOpQrStUvWxYz01234'],
    ['missing salt and key', 'scrypt$32768$8$1'],
    ['an empty key', 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0$'],
  ])('should answer false, not throw, for %s', async (_label, garbage) => {
    await expect(verifyPassword(password, garbage)).resolves.toBe(false);
  });

  it.each([
    ['non-numeric cost parameters', 'scrypt$abc$x$y$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5'],
    ['a cost that is not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5'],
    ['a cost too large for memory', 'scrypt$1048576$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5'],
  ])('should answer false, not throw, for a stored hash with %s', async (_label, garbage) => {
    await expect(verifyPassword(password, garbage)).resolves.toBe(false);
  });

  it('should have a dummy hash for unknown emails that no password matches', async () => {
    const dummy = await DUMMY_HASH_PROMISE;
    expect(dummy).toMatch(/^scrypt\$/);
    expect(await verifyPassword(password, dummy)).toBe(false);
  });
});
