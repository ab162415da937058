import { spawn } from 'node:child_process';
import type { AppConfig } from '../config/app-config';
import { loadConfigWithEnvFile } from '../config/env-file';
import { ConfigValidationError } from '../config/environment';
import { runningEmbeddedDatabaseUrl } from '../database/embedded-postgres';
import { resolveThroughSymlinks, rootFallbackDataDir } from '../database/embedded-postgres-host';

/**
 * `npm run db:psql`: psql on the database `npm start` uses: DATABASE_URL, or the embedded
 * PostgreSQL running on DATA_DIR (random port, password in the data folder). Without psql on this
 * machine it prints the URL to give any PostgreSQL client instead.
 */
export async function devDatabaseUrl(config: AppConfig): Promise<string | undefined> {
  if (config.database.url) return config.database.url;
  // As root, a DATA_DIR the postgres user cannot reach is kept under /var/lib/orderpay instead.
  const wanted = resolveThroughSymlinks(config.database.dataDir);
  for (const dataDir of [wanted, rootFallbackDataDir(wanted)]) {
    const url = await runningEmbeddedDatabaseUrl(dataDir);
    if (url) return url;
  }
  return undefined;
}

export interface PsqlOutcome {
  exitCode: number;
  /** What to tell the user when psql could not be run. */
  message?: string;
}

/**
 * Runs psql on `url` in the environment `env` (the caller's, passed through: PATH, PG* settings);
 * the password goes through PGPASSWORD, never onto a command line others can read in `ps`.
 */
export function openPsql(url: string, env: NodeJS.ProcessEnv): Promise<PsqlOutcome> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  return new Promise((resolve) => {
    const psql = spawn('psql', [target.toString()], {
      stdio: 'inherit',
      env: password ? { ...env, PGPASSWORD: password } : env,
    });
    psql.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ENOENT'
          ? { exitCode: 0, message: `psql is not installed here; connect any PostgreSQL client to ${url}` }
          : {
              exitCode: 1,
              message: `psql could not start (${error.message}); connect any PostgreSQL client to ${url}`,
            },
      ),
    );
    psql.once('exit', (code, signal) => resolve({ exitCode: code ?? (signal ? 1 : 0) }));
  });
}

/** The whole command; `scripts/db-psql.js` runs it from the build, with its environment. */
export async function dbPsql(env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const config = await loadConfigWithEnvFile();
    const url = await devDatabaseUrl(config);
    if (!url) {
      console.error(
        `No embedded PostgreSQL is running on ${config.database.dataDir}: start orderpay (\`npm start\`), ` +
          'then run `npm run db:psql` again in another terminal.',
      );
      process.exitCode = 1;
      return;
    }
    // Ctrl-C belongs to psql (it cancels the query); it must not kill us and orphan psql.
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    const { exitCode, message } = await openPsql(url, env).finally(() => process.removeListener('SIGINT', ignore));
    if (message) console.log(message);
    process.exitCode = exitCode;
  } catch (error) {
    console.error(
      error instanceof ConfigValidationError
        ? error.message
        : `db:psql failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  }
}
