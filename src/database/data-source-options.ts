import type { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

/**
 * The one definition of how orderpay talks to PostgreSQL, shared by the app and by
 * `ormconfig.ts` (the TypeORM CLI). Schema changes only ever come from migrations.
 */
export function dataSourceOptions(url: string, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    // Every order operation is a few short statements; 10 connections per instance keeps N
    // instances well under PostgreSQL's default 100.
    extra: { max: 10, connectionTimeoutMillis: 5_000, statement_timeout: 15_000 },
  };
}
