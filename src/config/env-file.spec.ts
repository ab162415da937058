import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfigWithEnvFile } from './env-file';
import { ConfigValidationError } from './environment';

describe(loadConfigWithEnvFile.name, () => {
  let dir: string;
  let envFile: string;
  let savedEnv: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'orderpay-env-file-'));
    envFile = path.join(dir, '.env');
    savedEnv = { ...process.env };
    // As `npm start` runs: no NODE_ENV, none of the file's variables set in the shell.
    for (const name of ['NODE_ENV', 'PORT', 'CURRENCY', 'JWT_EXPIRES_IN', 'PGAPPNAME', 'CHECKOUT_TTL_MINUTES'])
      delete process.env[name];
  });

  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
    rmSync(dir, { recursive: true, force: true });
  });

  it('should read .env, with real environment variables winning over the file', async () => {
    writeFileSync(envFile, '# a comment\nPORT=4321\nCURRENCY="eur"\nJWT_EXPIRES_IN=15m # trailing comment\n');
    process.env.CURRENCY = 'gbp';

    const config = await loadConfigWithEnvFile(envFile);

    expect(config.port).toBe(4321);
    expect(config.payments.currency).toBe('gbp');
    expect(config.auth.jwtExpiresIn).toBe('15m');
  });

  it("should hand the file's other variables to process.env as NestJS does, for libraries that read them", async () => {
    writeFileSync(envFile, 'PGAPPNAME=orderpay-dev\n');
    await loadConfigWithEnvFile(envFile);
    expect(process.env.PGAPPNAME).toBe('orderpay-dev');
  });

  it('should name a bad variable from the file like one from the environment', async () => {
    writeFileSync(envFile, 'CHECKOUT_TTL_MINUTES=5\n');
    const failure = loadConfigWithEnvFile(envFile);
    await expect(failure).rejects.toBeInstanceOf(ConfigValidationError);
    await expect(failure).rejects.toThrow(/CHECKOUT_TTL_MINUTES must be at least 30/);
  });

  it('should start with the defaults when there is no .env', async () => {
    const config = await loadConfigWithEnvFile(path.join(dir, 'missing.env'));
    expect(config.port).toBe(3000);
    expect(config.env).toBe('development');
  });

  it("should not read .env under NODE_ENV=test, so tests never depend on a developer's file", async () => {
    writeFileSync(envFile, 'PORT=4321\nCHECKOUT_TTL_MINUTES=5\n');
    process.env.NODE_ENV = 'test';

    const config = await loadConfigWithEnvFile(envFile);

    expect(config.env).toBe('test');
    expect(config.port).toBe(3000);
    expect(process.env.PORT).toBeUndefined();
  });
});
