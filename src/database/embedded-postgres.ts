import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, readFile, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  Binaries,
  EmbeddedPostgresError,
  isAlive,
  locateBinaries,
  OsUser,
  postgresOsUser,
  prepareDataDir,
  USE_ANOTHER_SERVER,
  writePrivateFile,
} from './embedded-postgres-host';
import { initialiseCluster, launchServer, PortTaken, stopServer } from './embedded-postgres-server';

export { EmbeddedPostgresError } from './embedded-postgres-host';

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
const PORT_ATTEMPTS = 5;

/**
 * Started servers, stopped when this process ends. On SIGINT/SIGTERM/SIGHUP we stop them and exit,
 * unless the app took those signals over (main.ts shuts down in order: HTTP server, then database).
 */
const running = new Set<{ stop(): Promise<void>; killNow(): void }>();
const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let signalsTakenOver = false;

export function takeOverShutdownSignals(): void {
  signalsTakenOver = true;
  for (const signal of SHUTDOWN_SIGNALS) process.removeListener(signal, stopAllAndExit);
}

function stopAllAndExit(signal: NodeJS.Signals): void {
  void Promise.allSettled([...running].map((database) => database.stop())).then(() =>
    process.exit(128 + constants.signals[signal]),
  );
}

/** The last resort: 'exit' runs no async code, but a signal sent now still stops a fast shutdown. */
const killAllNow = () => running.forEach((database) => database.killNow());

function track(database: { stop(): Promise<void>; killNow(): void }): () => void {
  if (running.size === 0) {
    process.on('exit', killAllNow);
    if (!signalsTakenOver) for (const signal of SHUTDOWN_SIGNALS) process.on(signal, stopAllAndExit);
  }
  running.add(database);
  return () => {
    running.delete(database);
    if (running.size > 0) return;
    process.removeListener('exit', killAllNow);
    for (const signal of SHUTDOWN_SIGNALS) process.removeListener(signal, stopAllAndExit);
  };
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package's binaries: the zero-configuration
 * database for `npm start` (persistent, under DATA_DIR) and `npm test` (throwaway). Any failure is
 * an EmbeddedPostgresError whose message is one sentence saying what to do.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  try {
    const osUser = await postgresOsUser();
    const binaries = await locateBinaries(osUser, log);
    const { dataDir, throwaway } = await prepareDataDir(options.dataDir, osUser, log);
    try {
      return await startIn(dataDir, throwaway, binaries, osUser, log);
    } catch (error) {
      if (throwaway) await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL could not start (${reason}): fix that, ${USE_ANOTHER_SERVER}.`,
    );
  }
}

async function startIn(
  dataDir: string,
  throwaway: boolean,
  binaries: Binaries,
  osUser: OsUser | undefined,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'postgres');
  await recoverStaleLock(dataDir, clusterDir, log);
  const password = await clusterPassword(dataDir);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`Creating an embedded PostgreSQL cluster in ${clusterDir}`);
    await createCluster(binaries, dataDir, clusterDir, password, osUser);
  }

  const { server, port } = await launchOnFreePort(binaries, clusterDir, osUser);
  const killNow = () => void server.kill('SIGINT');
  const untrack = track({ stop: () => stop(), killNow });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await stopServer(server);
      untrack();
      await unlink(ownerFile(dataDir)).catch(() => undefined);
      if (throwaway) await rm(dataDir, { recursive: true, force: true });
    })());

  try {
    await writePrivateFile(ownerFile(dataDir), String(process.pid));
    await ensureDatabase(port, password, dataDir);
  } catch (error) {
    await stopServer(server);
    untrack();
    throw error;
  }
  return { url: databaseUrl(password, port), dataDir, stop };
}

const databaseUrl = (password: string, port: number) =>
  `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;

/**
 * The URL of the embedded PostgreSQL running on the data in `dataDir` (what startEmbeddedPostgres
 * returned to the app), or undefined when none runs there: how `npm run db:psql` finds it. The
 * port is the fourth line of postmaster.pid, which PostgreSQL keeps while it runs.
 */
export async function runningEmbeddedDatabaseUrl(dataDir: string): Promise<string | undefined> {
  const lock = await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '');
  const [postmasterPid, , , port] = lock.split('\n').map(Number);
  const password = (await readFile(path.join(dataDir, 'password'), 'utf8').catch(() => '')).trim();
  if (!postmasterPid || !port || !password || !isAlive(postmasterPid)) return undefined;
  return databaseUrl(password, port);
}

const ownerFile = (dataDir: string) => path.join(dataDir, 'owner.pid');

/** The password is made once per cluster and kept beside it (mode 600), so restarts can log in. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'password');
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  const password = randomBytes(24).toString('base64url');
  await writePrivateFile(file, password);
  return password;
}

/**
 * initdb works in a sibling folder that is renamed into place when it succeeds, so an interrupted
 * initdb never leaves a half-made cluster that later starts would trust.
 */
async function createCluster(
  binaries: Binaries,
  dataDir: string,
  clusterDir: string,
  password: string,
  osUser: OsUser | undefined,
) {
  const partial = `${clusterDir}.initialising`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { mode: 0o700 });
  if (osUser) await chown(partial, osUser.uid, osUser.gid);
  // initdb reads the password from a file: one only the OS user it runs as can read, gone right after.
  const passwordFile = path.join(dataDir, 'initdb-password');
  await writePrivateFile(passwordFile, `${password}\n`, osUser);
  try {
    await initialiseCluster(binaries.initdb, partial, { user: USER, passwordFile, osUser });
  } finally {
    await rm(passwordFile, { force: true });
  }
  await rmdir(clusterDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return;
    throw new EmbeddedPostgresError(
      `${clusterDir} is not an empty folder nor a PostgreSQL cluster (it has no PG_VERSION): move it away, ` +
        `or set DATA_DIR to another folder.`,
    );
  });
  await rename(partial, clusterDir);
}

/** The port comes from a probe, so another program can take it before postgres binds: try another. */
async function launchOnFreePort(binaries: Binaries, clusterDir: string, osUser: OsUser | undefined) {
  const taken: number[] = [];
  while (taken.length < PORT_ATTEMPTS) {
    const port = await freePort();
    try {
      return { server: await launchServer(binaries.postgres, clusterDir, { port, osUser }), port };
    } catch (error) {
      if (!(error instanceof PortTaken)) throw error;
      taken.push(port);
    }
  }
  throw new EmbeddedPostgresError(
    `PostgreSQL found each free port taken by the time it started (${taken.join(', ')}): ` +
      `stop whatever is taking new ports, ${USE_ANOTHER_SERVER}.`,
  );
}

/** Creates the app's database when missing: the first start may have been killed right after initdb. */
async function ensureDatabase(port: number, password: string, dataDir: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
  await client.connect().catch((error: Error & { code?: string }) => {
    if (error.code !== '28P01') throw error;
    throw new EmbeddedPostgresError(
      `The cluster in ${dataDir} refused the password kept in ${path.join(dataDir, 'password')}: restore that ` +
        'file, or set DATA_DIR to another folder (or delete this one to start afresh).',
    );
  });
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

/**
 * A run killed with SIGKILL leaves its postgres running (and its postmaster.pid behind). If the
 * app that owned it is gone, stop that orphan; if it is alive, refuse with the reason.
 */
async function recoverStaleLock(dataDir: string, clusterDir: string, log: (message: string) => void): Promise<void> {
  const owner = Number((await readFile(ownerFile(dataDir), 'utf8').catch(() => '')).trim());
  if (owner && owner !== process.pid && isAlive(owner) && isNodeProcess(owner)) {
    throw new EmbeddedPostgresError(
      `Another orderpay process (pid ${owner}) is using the embedded database in ${dataDir}: ` +
        'stop it first, or set DATA_DIR (or DATABASE_URL) for this one.',
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
      throw new EmbeddedPostgresError(
        `The orphaned PostgreSQL (pid ${postmasterPid}) in ${clusterDir} did not stop: stop it yourself, ` +
          'or set DATA_DIR to another folder.',
      );
    }
  }
  await unlink(pidFile).catch(() => undefined);
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
