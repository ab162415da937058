import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Any constant both instances agree on: serialises migration runs of instances booting together. */
const MIGRATION_LOCK_KEY = 7_310_624_001;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so N instances starting at once
 * run each migration once. Returns the names of the migrations it applied.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await dataSource.destroy();
  }
}
