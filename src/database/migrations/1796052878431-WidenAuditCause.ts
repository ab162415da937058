import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated, then edited: TypeORM's generator drops and re-adds a column whose length changes,
 * which would erase the audit trail. Widening a varchar in place keeps every row (and needs no
 * table rewrite in PostgreSQL).
 */
export class WidenAuditCause1796052878431 implements MigrationInterface {
  name = 'WidenAuditCause1796052878431';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "order_events" ALTER COLUMN "cause" TYPE character varying(300)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "order_events" ALTER COLUMN "cause" TYPE character varying(120)
        `);
  }
}
