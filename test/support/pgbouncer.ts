import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's package (`apt-get install pgbouncer`); PGBOUNCER_BIN points elsewhere. */
const PGBOUNCER_BIN = process.env.PGBOUNCER_BIN ?? '/usr/sbin/pgbouncer';

export interface PgBouncerHandle {
  /** `targetUrl` with its host and port replaced by PgBouncer's: what the app is given as DATABASE_URL. */
  url: string;
  port: number;
  /** What PgBouncer printed so far (its log goes to stderr), for a failing test's message. */
  log: () => string;
  stop: () => Promise<void>;
}

export interface PgBouncerOptions {
  /** The PostgreSQL database to front: `postgres://user:password@host:port/database`. */
  targetUrl: string;
  /** `transaction` (default; what managed PgBouncers run), `session` or `statement`. */
  poolMode?: 'transaction' | 'session' | 'statement';
  /** Server connections per user and database (PgBouncer's default_pool_size). */
  poolSize?: number;
}

/**
 * A real PgBouncer in front of one PostgreSQL database, on a free loopback port, with its config
 * in a temporary folder. Clients log in to PgBouncer without a password (auth_type=trust: the test
 * owns the machine); PgBouncer logs in to PostgreSQL with the target URL's credentials.
 * Startup parameters other than the ones PgBouncer tracks are refused, as in production.
 */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncerHandle> {
  const target = new URL(options.targetUrl);
  const database = decodeURIComponent(target.pathname.slice(1));
  const user = decodeURIComponent(target.username || 'postgres');
  const password = decodeURIComponent(target.password);
  const folder = mkdtempSync(path.join(tmpdir(), 'orderpay-pgbouncer-'));
  const port = await freePort();
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  // libpq connection-string quoting: single quotes, backslash escapes.
  const serverPassword = password ? ` password='${password.replace(/[\\']/g, '\\$&')}'` : '';
  writeFileSync(path.join(folder, 'userlist.txt'), `${quote(user)} ${quote(password)}\n`, { mode: 0o600 });
  writeFileSync(
    path.join(folder, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database} user=${user}${serverPassword}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${folder}`,
      'auth_type = trust',
      `auth_file = ${path.join(folder, 'userlist.txt')}`,
      `pool_mode = ${options.poolMode ?? 'transaction'}`,
      `default_pool_size = ${options.poolSize ?? 20}`,
      'max_client_conn = 200',
      `pidfile = ${path.join(folder, 'pgbouncer.pid')}`,
      'logfile =',
      '',
    ].join('\n'),
  );

  // PgBouncer refuses to run as root: as root, it runs as the `postgres` OS user, owning its folder.
  const runAs = process.getuid?.() === 0 ? osUser('postgres') : undefined;
  if (runAs) {
    for (const file of ['', ...readdirSync(folder)]) chownSync(path.join(folder, file), runAs.uid, runAs.gid);
  }
  let output = '';
  const child = spawn(PGBOUNCER_BIN, [path.join(folder, 'pgbouncer.ini')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(runAs && { uid: runAs.uid, gid: runAs.gid }),
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      await Promise.race([exited, delay(3000).then(() => child.kill('SIGKILL'))]);
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitUntilListening(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  const url = new URL(options.targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  url.password = '';
  return { url: url.toString(), port, log: () => output, stop };
}

function osUser(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`PgBouncer cannot run as root and there is no ${name} user: useradd --system ${name}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilListening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}:\n${log()}`);
    if (await accepts(port)) return;
    await delay(25);
  }
  throw new Error(`pgbouncer did not listen on port ${port} within 5 s:\n${log()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
