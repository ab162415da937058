import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';

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
export function dataSourceOptions(url: string, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: [MIGRATION_FILES],
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    // Every order operation is a few short statements; 10 connections per instance keeps N
    // instances well under PostgreSQL's default 100.
    extra: { max: 10, connectionTimeoutMillis: 5_000, statement_timeout: 15_000 },
  };
}
