import { MigrationInterface, QueryRunner } from 'typeorm';

export class Refunds1795706782707 implements MigrationInterface {
  name = 'Refunds1795706782707';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "refunds" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "payment_id" uuid NOT NULL,
                "order_id" uuid NOT NULL,
                "amount" integer NOT NULL,
                "status" character varying(16) NOT NULL,
                "provider_refund_id" character varying(255),
                "reason" character varying(32),
                "requested_by" character varying(120) NOT NULL,
                "failure_reason" character varying(500),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_3fd687dafa2d8642007a0f673ec" UNIQUE ("provider_refund_id"),
                CONSTRAINT "CHK_refunds_status" CHECK (
                    "status" IN ('pending', 'succeeded', 'failed', 'canceled')
                ),
                CONSTRAINT "CHK_refunds_amount" CHECK ("amount" > 0),
                CONSTRAINT "PK_5106efb01eeda7e49a78b869738" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_refunds_status_updated" ON "refunds" ("status", "updated_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_refunds_payment" ON "refunds" ("payment_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD "applied_to_order" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            ALTER TABLE "order_flags"
            ALTER COLUMN "details"
            SET DEFAULT '{}'::jsonb
        `);
    await queryRunner.query(`
            ALTER TABLE "refunds"
            ADD CONSTRAINT "FK_7f48aa5d56c42aeb495db016683" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "refunds" DROP CONSTRAINT "FK_7f48aa5d56c42aeb495db016683"
        `);
    await queryRunner.query(`
            ALTER TABLE "order_flags"
            ALTER COLUMN "details"
            SET DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP COLUMN "applied_to_order"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_refunds_payment"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_refunds_status_updated"
        `);
    await queryRunner.query(`
            DROP TABLE "refunds"
        `);
  }
}
