import { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1795706217619 implements MigrationInterface {
  name = 'Payments1795706217619';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "order_flags" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "order_id" uuid NOT NULL,
                "kind" character varying(32) NOT NULL,
                "reference" character varying(255) NOT NULL,
                "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_511a99f545c14998aa1af68205d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_order_flags_order_kind_reference" ON "order_flags" ("order_id", "kind", "reference")
        `);
    await queryRunner.query(`
            CREATE TABLE "payments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "order_id" uuid NOT NULL,
                "provider" character varying(32) NOT NULL,
                "status" character varying(16) NOT NULL,
                "amount" integer NOT NULL,
                "currency" character(3) NOT NULL,
                "provider_session_id" character varying(255),
                "provider_payment_intent_id" character varying(255),
                "checkout_url" text,
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "failure_reason" character varying(500),
                "amount_refunded" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_c2a1b9668618a7eda2d2cba91df" UNIQUE ("provider_session_id"),
                CONSTRAINT "CHK_payments_amounts" CHECK (
                    "amount" > 0
                    AND "amount_refunded" >= 0
                    AND "amount_refunded" <= "amount"
                ),
                CONSTRAINT "CHK_payments_status" CHECK (
                    "status" IN (
                        'creating',
                        'open',
                        'processing',
                        'succeeded',
                        'failed',
                        'expired',
                        'canceled'
                    )
                ),
                CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_payments_status_updated" ON "payments" ("status", "updated_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_payments_payment_intent" ON "payments" ("provider_payment_intent_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_payments_one_active_per_order" ON "payments" ("order_id")
            WHERE "status" IN ('creating', 'open', 'processing')
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_payments_order_created" ON "payments" ("order_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_events" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "provider" character varying(32) NOT NULL,
                "event_id" character varying(255) NOT NULL,
                "type" character varying(100) NOT NULL,
                "order_id" uuid,
                "payload" jsonb NOT NULL,
                "status" character varying(16) NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "processed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "CHK_webhook_events_status" CHECK (
                    "status" IN ('received', 'processed', 'ignored', 'failed')
                ),
                CONSTRAINT "PK_4cba37e6a0acb5e1fc49c34ebfd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_webhook_events_order" ON "webhook_events" ("order_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_webhook_events_status_received" ON "webhook_events" ("status", "received_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_webhook_events_provider_event" ON "webhook_events" ("provider", "event_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "order_flags"
            ADD CONSTRAINT "FK_c0ba678bc5b4ba5766fda1a5723" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "FK_b2f7b823a21562eeca20e72b006" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "FK_b2f7b823a21562eeca20e72b006"
        `);
    await queryRunner.query(`
            ALTER TABLE "order_flags" DROP CONSTRAINT "FK_c0ba678bc5b4ba5766fda1a5723"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_webhook_events_provider_event"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_webhook_events_status_received"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_webhook_events_order"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_payments_order_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_payments_one_active_per_order"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_payments_payment_intent"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_payments_status_updated"
        `);
    await queryRunner.query(`
            DROP TABLE "payments"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_order_flags_order_kind_reference"
        `);
    await queryRunner.query(`
            DROP TABLE "order_flags"
        `);
  }
}
