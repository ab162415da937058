import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { DATABASE_POOL_DEFAULTS, type DatabasePoolSettings } from '../config/app-config';
import { NAMED_STATEMENTS_OPTION } from './statements';

/** A folder as a literal glob prefix, so a clone under "projects (old)/" still finds its files. */
function literalGlobPrefix(folder: string): string {
  // On Windows TypeORM turns backslashes into slashes, so escaping would break the path instead.
  return process.platform === 'win32' ? folder : folder.replace(/[()[\]{}*?!+@]/g, '\\$&');
}

/**
 * Migrations are found by file name, so a generated one needs no list to join: compiled `.js`
 * under dist/, `.ts` under Jest. The `<timestamp>-` prefix TypeORM's generator writes keeps
 * anything else out, such as the migrations/index.js an older build left in dist/.
 */
export function migrationFilesIn(folder: string): string {
  return `${literalGlobPrefix(folder)}/[0-9]*-*.{js,ts}`;
}

const MIGRATION_FILES = migrationFilesIn(path.join(__dirname, 'migrations'));

/** Every entity, for the TypeORM CLI and the schema-diff test (the app's modules register their own). */
export const ENTITY_FILES = `${literalGlobPrefix(path.join(__dirname, '..'))}/**/*.entity.{js,ts}`;

/**
 * The one definition of how orderpay talks to PostgreSQL, shared by the app and by
 * `ormconfig.ts` (the TypeORM CLI). Schema changes only ever come from migrations.
 */
export function dataSourceOptions(
  url: string,
  entities: DataSourceOptions['entities'] = [],
  pool: DatabasePoolSettings = DATABASE_POOL_DEFAULTS,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: [MIGRATION_FILES],
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    // Named prepared statements need each connection to be PostgreSQL's own (src/database/statements.ts).
    extra: { ...poolOptions(pool), [NAMED_STATEMENTS_OPTION]: !pool.pgBouncer },
  };
}

/** What node-postgres' Pool is given (TypeORM passes `extra` through). */
export function poolOptions(pool: DatabasePoolSettings): Record<string, number> {
  return {
    max: pool.max,
    connectionTimeoutMillis: pool.connectionTimeoutMs,
    idleTimeoutMillis: pool.idleTimeoutMs,
    // Sent as a startup parameter, so PostgreSQL cancels a runaway statement itself. PgBouncer in
    // transaction mode refuses the connection over it ("unsupported startup parameter"); there the
    // timeout is the role's (`ALTER ROLE ... SET statement_timeout`, see README).
    ...(!pool.pgBouncer && { statement_timeout: pool.statementTimeoutMs }),
    // The backstop in both modes (a role without the setting, a stuck network): the caller gets an
    // error shortly after PostgreSQL's own timeout would have fired.
    query_timeout: pool.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
  };
}

/** PostgreSQL's cancellation normally wins; the client gives up only if it did not come. */
const QUERY_TIMEOUT_MARGIN_MS = 2_000;
