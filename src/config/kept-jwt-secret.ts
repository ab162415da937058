import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const JWT_SECRET_FILE = 'jwt-secret';
const MIN_LENGTH = 32;

/**
 * The development JWT secret kept in the data folder: made once (mode 600), then read at every
 * start, so tokens survive restarts and `start:dev` reloads. Two processes starting at once agree
 * on one secret: the file appears whole (hard link of a finished file) or not at all.
 */
export async function keptJwtSecret(dataDir: string): Promise<{ secret: string; file: string }> {
  const file = path.join(dataDir, JWT_SECRET_FILE);
  try {
    return { secret: await readOrMake(file), file };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot keep a development JWT secret in ${file} (${reason}): set JWT_SECRET, or DATA_DIR to a writable folder`,
      { cause: error },
    );
  }
}

async function readOrMake(file: string): Promise<string> {
  const dataDir = path.dirname(file);
  const existing = await readUsable(file);
  if (existing) return existing;

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(draft, randomBytes(48).toString('base64url'), { mode: 0o600 });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Someone else's secret won the race, or an unusable file is in the way: replace only the latter.
    if (!(await readUsable(file))) await rename(draft, file);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
  const secret = await readUsable(file);
  if (!secret) throw new Error('the file stays unusable');
  return secret;
}

/** The secret in `file`, tightened to mode 600 if it was looser; undefined when missing or too short. */
async function readUsable(file: string): Promise<string | undefined> {
  const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const secret = content?.trim();
  if (!secret || secret.length < MIN_LENGTH) return undefined;
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  return secret;
}
