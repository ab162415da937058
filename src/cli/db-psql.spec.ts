import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/app-config';
import { devDatabaseUrl, openPsql } from './db-psql';

describe('npm run db:psql', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'orderpay-db-psql-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A data folder as the embedded PostgreSQL leaves it while running: its password, its lock file. */
  function dataFolder(postmasterPid: number, port: number, password: string): string {
    const dataDir = path.join(root, 'data');
    mkdirSync(path.join(dataDir, 'postgres'), { recursive: true });
    writeFileSync(path.join(dataDir, 'password'), password);
    writeFileSync(
      path.join(dataDir, 'postgres', 'postmaster.pid'),
      [postmasterPid, path.join(dataDir, 'postgres'), 1790000000, port, '/tmp', '127.0.0.1', '0 0', 'ready'].join('\n'),
    );
    return dataDir;
  }

  /** A psql that records what it was run with, then exits with `exitCode`. */
  function fakePsql(exitCode = 0): { binDir: string; recorded: () => { args: string; password: string } } {
    const binDir = path.join(root, 'bin');
    const record = path.join(root, 'psql-call');
    mkdirSync(binDir);
    writeFileSync(
      path.join(binDir, 'psql'),
      `#!/bin/sh\nprintf '%s\\n%s' "$*" "$PGPASSWORD" > '${record}'\nexit ${exitCode}\n`,
    );
    chmodSync(path.join(binDir, 'psql'), 0o755);
    return {
      binDir,
      recorded: () => {
        const [args, password] = readFileSync(record, 'utf8').split('\n');
        return { args, password };
      },
    };
  }

  describe(devDatabaseUrl.name, () => {
    it('should find the embedded database running on DATA_DIR: port from its lock file, password from the data folder', async () => {
      const dataDir = dataFolder(process.pid, 54321, 'p@ss/word');
      const url = await devDatabaseUrl(loadConfig({ DATA_DIR: dataDir }));
      expect(url).toBe('postgres://orderpay:p%40ss%2Fword@127.0.0.1:54321/orderpay');
    });

    it('should find nothing when the database is stopped or its lock file is left by a dead server', async () => {
      expect(await devDatabaseUrl(loadConfig({ DATA_DIR: path.join(root, 'never-started') }))).toBeUndefined();
      const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
      expect(await devDatabaseUrl(loadConfig({ DATA_DIR: dataFolder(deadPid, 54321, 'pw') }))).toBeUndefined();
    });

    it('should use DATABASE_URL when it is set', async () => {
      const url = 'postgres://shop:secret@db.internal:5432/orderpay';
      expect(
        await devDatabaseUrl(loadConfig({ DATABASE_URL: url, DATA_DIR: dataFolder(process.pid, 54321, 'pw') })),
      ).toBe(url);
    });
  });

  describe(openPsql.name, () => {
    it('should run psql on the URL with the password in PGPASSWORD, not on its command line', async () => {
      const psql = fakePsql();
      const outcome = await openPsql('postgres://orderpay:p%40ss%2Fword@127.0.0.1:54321/orderpay', {
        PATH: psql.binDir,
      });

      expect(outcome).toEqual({ exitCode: 0 });
      expect(psql.recorded()).toEqual({ args: 'postgres://orderpay@127.0.0.1:54321/orderpay', password: 'p@ss/word' });
    });

    it("should answer with psql's exit code", async () => {
      const psql = fakePsql(3);
      expect(await openPsql('postgres://orderpay:pw@127.0.0.1:54321/orderpay', { PATH: psql.binDir })).toEqual({
        exitCode: 3,
      });
    });

    it('should print the URL with a hint when psql is not installed, instead of failing', async () => {
      const url = 'postgres://orderpay:pw@127.0.0.1:54321/orderpay';
      const outcome = await openPsql(url, { PATH: path.join(root, 'empty') });
      expect(outcome.exitCode).toBe(0);
      expect(outcome.message).toBe(`psql is not installed here; connect any PostgreSQL client to ${url}`);
    });
  });
});
