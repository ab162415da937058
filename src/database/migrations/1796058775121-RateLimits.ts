import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand: the rate-limit counters every instance shares (src/rate-limits/). No entity maps
 * it; one upsert per limited request reads and writes it. UNLOGGED: a counter is worth no WAL, and
 * after a crash or a failover the limits simply start afresh.
 */
export class RateLimits1796058775121 implements MigrationInterface {
  name = 'RateLimits1796058775121';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE UNLOGGED TABLE "rate_limits" (
                "key" character varying(128) NOT NULL,
                "hits" integer NOT NULL,
                "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_rate_limits" PRIMARY KEY ("key"),
                CONSTRAINT "CHK_rate_limits_hits" CHECK ("hits" > 0)
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_rate_limits_window_ends_at" ON "rate_limits" ("window_ends_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "rate_limits"
        `);
  }
}
