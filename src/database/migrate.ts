import { DataSource, MigrationExecutor } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Any constant both instances agree on: serialises migration runs of instances booting together. */
const MIGRATION_LOCK_KEY = 7_310_624_001;

/**
 * Applies pending migrations in ONE transaction whose first statement takes a transaction-scoped
 * advisory lock, so N instances starting at once run each migration once, and nothing outlives
 * the transaction on the connection: through PgBouncer in transaction mode a session lock could be
 * taken on one server connection and released on another. Returns the names of the migrations it
 * applied (all of them or, when one fails, none).
 */
export async function runMigrations(url: string): Promise<string[]> {
  // One connection and no startup parameter: works directly and through PgBouncer alike.
  const dataSource = new DataSource({ ...dataSourceOptions(url), extra: { max: 1 } });
  await dataSource.initialize();
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.startTransaction();
    try {
      await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      // A schema change may outlast the request statement timeout a role carries (PgBouncer setups).
      await queryRunner.query('SET LOCAL statement_timeout = 0');
      const executor = new MigrationExecutor(dataSource, queryRunner);
      // Inside our transaction: a migration that declares its own transaction mode is refused.
      executor.transaction = 'all';
      const applied = await executor.executePendingMigrations();
      await queryRunner.commitTransaction();
      return applied.map((m) => m.name);
    } catch (error) {
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await queryRunner.release();
    await dataSource.destroy();
  }
}
