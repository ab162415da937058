import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/**
 * Readiness asks "can this instance reach PostgreSQL?", on a connection of its own opened for the
 * probe: never one of the app's pool, so a pool busy with slow requests (or saturated by a burst)
 * does not get the instance taken out of the load balancer, while an outage, a wrong password or
 * a full server does read as not ready. No startup parameter, so it works through PgBouncer too.
 */
@Injectable()
export class DatabasePing {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  async check<const Key extends string>(key: Key, timeoutMs: number): Promise<HealthIndicatorResult<Key>> {
    const session = this.indicator.check(key);
    try {
      await pingOnOwnConnection((this.dataSource.options as { url: string }).url, timeoutMs);
      return session.up();
    } catch (error) {
      // The probe is public: why it failed (host, driver message) goes to the log only.
      this.logger.warn(`Readiness: database ping failed: ${error instanceof Error ? error.message : String(error)}`);
      return session.down();
    }
  }
}

/** Connects, runs `SELECT 1` and disconnects, all within `timeoutMs`. */
export async function pingOnOwnConnection(url: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A connection lost after the answer must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.query('SELECT 1')), deadline]);
  } finally {
    clearTimeout(timer);
    void client.end().catch(() => undefined);
  }
}
