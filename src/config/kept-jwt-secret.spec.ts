import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from './app-config';
import { JWT_SECRET_FILE, keptJwtSecret } from './kept-jwt-secret';

describe(keptJwtSecret.name, () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'orderpay-jwt-secret-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('should make a long secret once, readable by its owner only, in a private new data folder', async () => {
    const dataDir = path.join(root, 'not', 'there', 'yet');
    const first = await keptJwtSecret(dataDir);

    expect(first.file).toBe(path.join(dataDir, JWT_SECRET_FILE));
    expect(first.secret.length).toBeGreaterThanOrEqual(64);
    expect(readFileSync(first.file, 'utf8')).toBe(first.secret);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o077).toBe(0);
    expect(await keptJwtSecret(dataDir)).toEqual(first);
    expect(readdirSync(dataDir)).toEqual([JWT_SECRET_FILE]);
  });

  it('should give processes starting together one secret', async () => {
    const secrets = await Promise.all([1, 2, 3, 4, 5].map(() => keptJwtSecret(root)));
    expect(new Set(secrets.map((kept) => kept.secret)).size).toBe(1);
    expect(readdirSync(root)).toEqual([JWT_SECRET_FILE]);
  });

  it('should tighten a secret file others could read', async () => {
    const file = path.join(root, JWT_SECRET_FILE);
    writeFileSync(file, `${'k'.repeat(40)}\n`);
    chmodSync(file, 0o644);

    expect((await keptJwtSecret(root)).secret).toBe('k'.repeat(40));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('should replace a file too short to be a secret', async () => {
    writeFileSync(path.join(root, JWT_SECRET_FILE), 'short');
    const { secret } = await keptJwtSecret(root);
    expect(secret).not.toBe('short');
    expect(secret.length).toBeGreaterThanOrEqual(64);
  });

  it('should say how to get going when the data folder cannot hold the secret', async () => {
    writeFileSync(path.join(root, 'a-file'), '');
    await expect(keptJwtSecret(path.join(root, 'a-file', 'data'))).rejects.toThrow(
      /^Cannot keep a development JWT secret in .*a-file\/data\/jwt-secret \(.*ENOTDIR.*\): set JWT_SECRET, or DATA_DIR to a writable folder$/,
    );
  });
});

describe('AppConfig.keepsJwtSecretInDataFolder', () => {
  it('should be true in development without JWT_SECRET only', () => {
    expect(loadConfig({}).keepsJwtSecretInDataFolder).toBe(true);
    expect(loadConfig({ JWT_SECRET: 'q7Vd2Lk9Xw4Rb8Zt1Hn6Mc3Pf5Jy0Gs-Ua_Ke' }).keepsJwtSecretInDataFolder).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).keepsJwtSecretInDataFolder).toBe(false);
  });

  it('should sign with the kept secret once given it, and say where it is', () => {
    const config = loadConfig({}).withKeptJwtSecret('s'.repeat(64), '/data/jwt-secret');
    expect(config.auth).toMatchObject({
      jwtSecret: 's'.repeat(64),
      jwtSecretGenerated: false,
      jwtSecretFile: '/data/jwt-secret',
    });
    expect(config.keepsJwtSecretInDataFolder).toBe(false);
    expect(config.isProduction).toBe(false);
  });
});
