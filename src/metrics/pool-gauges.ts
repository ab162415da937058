import { Gauge, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** The part of node-postgres' Pool that tells how busy it is. */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The database pool as gauges read at scrape time: waiting requests above zero, or total at
 * max for long, mean the pool (or PostgreSQL) is the bottleneck.
 */
export function registerPoolGauges(registry: Registry, dataSource: DataSource): void {
  // TypeORM's postgres driver keeps node-postgres' Pool as `master` (no replication configured).
  const pool = () => (dataSource.driver as unknown as { master?: PgPoolCounts }).master;
  const gauge = (name: string, help: string, read: (pool: PgPoolCounts) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const current = pool();
        this.set(current ? (read(current) ?? 0) : 0);
      },
    });
  gauge('orderpay_db_pool_clients', 'Database connections open in the pool (idle and in use)', (p) => p.totalCount);
  gauge('orderpay_db_pool_idle_clients', 'Database connections open and idle', (p) => p.idleCount);
  gauge('orderpay_db_pool_waiting_requests', 'Queries waiting for a free database connection', (p) => p.waitingCount);
  gauge('orderpay_db_pool_max_clients', 'Most connections the pool opens', (p) => p.options?.max);
}
