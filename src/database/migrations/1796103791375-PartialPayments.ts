import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial payments: orders carry `amount_paid` and the `partially_paid` status; a payment records
 * the part of it its order took (`amount_applied`, which replaces the `applied_to_order` flag);
 * payments and refunds get audit trails like the orders' one, and order audit rows carry the
 * amounts after each change. Generated, then edited by hand where TypeORM cannot help: it renamed
 * `applied_to_order` then dropped it (losing which payment paid its order), and it does not diff
 * CHECK expressions.
 */
export class PartialPayments1796103791375 implements MigrationInterface {
  name = 'PartialPayments1796103791375';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "payment_status_changes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "payment_id" uuid NOT NULL,
                "from_status" character varying(16),
                "to_status" character varying(16) NOT NULL,
                "cause" character varying(300) NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_f1e75d0d741b18ac1e1f425b304" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_payment_status_changes_payment_at" ON "payment_status_changes" ("payment_id", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "refund_status_changes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "refund_id" uuid NOT NULL,
                "from_status" character varying(16),
                "to_status" character varying(16) NOT NULL,
                "cause" character varying(300) NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_34876cff06255456b867b18bdd2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_refund_status_changes_refund_at" ON "refund_status_changes" ("refund_id", "at")
        `);
    await queryRunner.query(`
            ALTER TABLE "orders"
            ADD "amount_paid" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "order_events"
            ADD "amount_paid" integer
        `);
    await queryRunner.query(`
            ALTER TABLE "order_events"
            ADD "amount_refunded" integer
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD "amount_applied" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "payment_status_changes"
            ADD CONSTRAINT "FK_6dfa7f1e1e3bb82ae862a100355" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "refund_status_changes"
            ADD CONSTRAINT "FK_45bcceab2fd7c6595d0fdda1ac2" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // By hand from here. Until now an order was paid by one attempt for its whole total.
    await queryRunner.query(`
            UPDATE "payments" SET "amount_applied" = "amount" WHERE "applied_to_order"
        `);
    // Orders paid before applied_to_order existed (it came without a backfill): their first
    // succeeded attempt for exactly the total is the one that paid them.
    await queryRunner.query(`
            UPDATE "payments" AS p SET "amount_applied" = p."amount"
            FROM "orders" AS o
            WHERE o."id" = p."order_id" AND o."status" IN ('paid', 'refunded')
              AND NOT EXISTS (SELECT 1 FROM "payments" AS q WHERE q."order_id" = o."id" AND q."applied_to_order")
              AND p."id" = (
                SELECT q."id" FROM "payments" AS q
                WHERE q."order_id" = o."id" AND q."status" = 'succeeded' AND q."amount" = o."total_amount"
                  AND q."currency" = o."currency"
                ORDER BY q."created_at", q."id" LIMIT 1)
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP COLUMN "applied_to_order"
        `);
    await queryRunner.query(`
            UPDATE "orders" AS o SET "amount_paid" = p."applied"
            FROM (SELECT "order_id", SUM("amount_applied")::int AS "applied" FROM "payments" GROUP BY "order_id") AS p
            WHERE p."order_id" = o."id" AND p."applied" > 0
        `);
    // A paid order none of whose attempts can be found paying it keeps what it says was paid, so
    // its refunds stay within it (the fault suite's invariants name such an order).
    await queryRunner.query(`
            UPDATE "orders" SET "amount_paid" = "total_amount"
            WHERE "status" IN ('paid', 'refunded') AND "amount_paid" = 0
        `);
    await queryRunner.query(`
            ALTER TABLE "orders" DROP CONSTRAINT "CHK_orders_status"
        `);
    await queryRunner.query(`
            ALTER TABLE "orders"
            ADD CONSTRAINT "CHK_orders_status" CHECK ("status" IN ('pending', 'partially_paid', 'paid', 'canceled', 'refunded'))
        `);
    await queryRunner.query(`
            ALTER TABLE "orders" DROP CONSTRAINT "CHK_orders_amounts"
        `);
    await queryRunner.query(`
            ALTER TABLE "orders"
            ADD CONSTRAINT "CHK_orders_amounts" CHECK (
                "total_amount" >= 0 AND "amount_paid" >= 0 AND "amount_paid" <= "total_amount"
                AND "amount_refunded" >= 0 AND "amount_refunded" <= "amount_paid"
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "CHK_payments_amounts"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "CHK_payments_amounts" CHECK (
                "amount" > 0 AND "amount_refunded" >= 0 AND "amount_refunded" <= COALESCE("received_amount", "amount")
                AND "amount_applied" >= 0 AND "amount_applied" <= "amount"
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Only an order paid by one attempt for its whole total fits the old schema.
    await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "CHK_payments_amounts"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "CHK_payments_amounts" CHECK (
                "amount" > 0 AND "amount_refunded" >= 0 AND "amount_refunded" <= COALESCE("received_amount", "amount")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "orders" DROP CONSTRAINT "CHK_orders_amounts"
        `);
    await queryRunner.query(`
            ALTER TABLE "orders"
            ADD CONSTRAINT "CHK_orders_amounts" CHECK ("total_amount" >= 0 AND "amount_refunded" >= 0 AND "amount_refunded" <= "total_amount")
        `);
    await queryRunner.query(`
            ALTER TABLE "orders" DROP CONSTRAINT "CHK_orders_status"
        `);
    await queryRunner.query(`
            ALTER TABLE "orders"
            ADD CONSTRAINT "CHK_orders_status" CHECK ("status" IN ('pending', 'paid', 'canceled', 'refunded'))
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD "applied_to_order" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            UPDATE "payments" SET "applied_to_order" = ("amount_applied" = "amount" AND "amount_applied" > 0)
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP COLUMN "amount_applied"
        `);
    await queryRunner.query(`
            ALTER TABLE "refund_status_changes" DROP CONSTRAINT "FK_45bcceab2fd7c6595d0fdda1ac2"
        `);
    await queryRunner.query(`
            ALTER TABLE "payment_status_changes" DROP CONSTRAINT "FK_6dfa7f1e1e3bb82ae862a100355"
        `);
    await queryRunner.query(`
            ALTER TABLE "order_events" DROP COLUMN "amount_refunded"
        `);
    await queryRunner.query(`
            ALTER TABLE "order_events" DROP COLUMN "amount_paid"
        `);
    await queryRunner.query(`
            ALTER TABLE "orders" DROP COLUMN "amount_paid"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_refund_status_changes_refund_at"
        `);
    await queryRunner.query(`
            DROP TABLE "refund_status_changes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_payment_status_changes_payment_at"
        `);
    await queryRunner.query(`
            DROP TABLE "payment_status_changes"
        `);
  }
}
