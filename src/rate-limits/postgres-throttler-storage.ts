import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How often each instance deletes counters whose window has passed (any instance's delete serves all). */
const PRUNE_INTERVAL_MS = 60_000;
/** At most this many rows per prune, so one never holds locks for long; the next prune takes the rest. */
const PRUNE_BATCH = 5_000;

/**
 * One fixed window per key (the throttler's hash of route, limit name and tracker), counted in
 * PostgreSQL so every instance shares it. A hit is one statement: the row is created, reset when
 * its window has passed, or counted. The hit that goes over the limit stretches the window to
 * `blockDuration` from now (the throttler's block); later hits inside it extend nothing. Times come
 * from the database's clock, so instances with skewed clocks still agree.
 */
const HIT = `
  INSERT INTO rate_limits AS r (key, hits, window_ends_at)
  VALUES ($1, 1, now() + make_interval(secs => $2::int / 1000.0))
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.window_ends_at <= now() THEN 1 ELSE LEAST(r.hits, 2147483646) + 1 END,
    window_ends_at = CASE
      WHEN r.window_ends_at <= now() THEN EXCLUDED.window_ends_at
      WHEN r.hits = $3::int THEN GREATEST(r.window_ends_at, now() + make_interval(secs => $4::int / 1000.0))
      ELSE r.window_ends_at
    END
  RETURNING hits, CEIL(EXTRACT(EPOCH FROM window_ends_at - now()))::int AS seconds_left`;

const PRUNE = `
  DELETE FROM rate_limits WHERE key IN (
    SELECT key FROM rate_limits WHERE window_ends_at < now() LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED
  )`;

/** @nestjs/throttler's storage, shared by every instance through PostgreSQL (DESIGN.md, Scale). */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private pruneTimer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    this.pruneTimer ??= setInterval(() => void this.prune(), PRUNE_INTERVAL_MS).unref();
    const [row] = await this.dataSource.query<{ hits: number; seconds_left: number }[]>(HIT, [
      key,
      Math.round(ttl),
      limit,
      Math.round(blockDuration),
    ]);
    const isBlocked = row.hits > limit;
    const timeToExpire = Math.max(row.seconds_left, 0);
    return { totalHits: row.hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  /** Deletes passed windows; their keys would be reset in place anyway, so this only bounds the table. */
  async prune(): Promise<number> {
    try {
      const [, deleted] = await this.dataSource.query<[unknown, number]>(PRUNE);
      return deleted;
    } catch (error) {
      // A database outage is reported elsewhere (readiness, requests); the next prune catches up.
      this.logger.warn(`Pruning rate-limit counters failed: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.pruneTimer);
    this.pruneTimer = undefined;
  }
}
