import { MigrationInterface, QueryRunner } from 'typeorm';

export class RefundsByOrder1795708667649 implements MigrationInterface {
  name = 'RefundsByOrder1795708667649';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "order_flags"
            ALTER COLUMN "details"
            SET DEFAULT '{}'::jsonb
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_refunds_order_created" ON "refunds" ("order_id", "created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_refunds_order_created"
        `);
    await queryRunner.query(`
            ALTER TABLE "order_flags"
            ALTER COLUMN "details"
            SET DEFAULT '{}'
        `);
  }
}
