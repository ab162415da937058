import { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentFaultTolerance1796058201253 implements MigrationInterface {
  name = 'PaymentFaultTolerance1796058201253';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "foreign_payment_intents" (
                "provider" character varying(32) NOT NULL,
                "payment_intent_id" character varying(255) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d30c88cea0c1b6ed14d019027eb" PRIMARY KEY ("provider", "payment_intent_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD "received_amount" integer
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD "received_currency" character(3)
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD "failure_code" character varying(40)
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD "next_check_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD "check_failures" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "refunds"
            ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
        `);
    await queryRunner.query(`
            ALTER TABLE "refunds"
            ADD "attempts" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_payments_next_check" ON "payments" ("next_check_at")
            WHERE "status" IN ('open', 'processing')
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_refunds_next_attempt" ON "refunds" ("next_attempt_at")
            WHERE "status" = 'pending'
        `);
    // Generated up to here; TypeORM does not diff CHECK expressions, so this one is by hand.
    await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "CHK_payments_amounts"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "CHK_payments_amounts" CHECK (
                "amount" > 0 AND "amount_refunded" >= 0 AND "amount_refunded" <= COALESCE("received_amount", "amount")
            )
        `);
    // Existing rows: what a succeeded attempt received is what it asked (a mismatch never succeeded),
    // every open attempt is due for a check, and ended attempts get the code their reason implies.
    await queryRunner.query(`
            UPDATE "payments" SET "received_amount" = "amount", "received_currency" = "currency"
            WHERE "status" = 'succeeded'
        `);
    await queryRunner.query(`
            UPDATE "payments" SET "next_check_at" = COALESCE("expires_at", now())
            WHERE "status" IN ('open', 'processing')
        `);
    await queryRunner.query(`
            UPDATE "payments" SET "failure_code" = CASE
                WHEN "failure_reason" LIKE 'Needs review:%' THEN 'needs_review'
                WHEN "failure_reason" LIKE 'abandoned%' THEN 'abandoned'
                WHEN "failure_reason" LIKE 'The delayed payment failed%' THEN 'payment_failed'
                ELSE 'checkout_refused' END
            WHERE "status" = 'failed'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // NOT VALID: a mismatched payment refunded past what it asked (up to what it received) stays
    // as it is; new rows are held to the old rule.
    await queryRunner.query(`
            ALTER TABLE "payments" DROP CONSTRAINT "CHK_payments_amounts"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments"
            ADD CONSTRAINT "CHK_payments_amounts" CHECK ("amount" > 0 AND "amount_refunded" >= 0 AND "amount_refunded" <= "amount") NOT VALID
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_refunds_next_attempt"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_payments_next_check"
        `);
    await queryRunner.query(`
            ALTER TABLE "refunds" DROP COLUMN "attempts"
        `);
    await queryRunner.query(`
            ALTER TABLE "refunds" DROP COLUMN "next_attempt_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP COLUMN "check_failures"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP COLUMN "next_check_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP COLUMN "failure_code"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP COLUMN "received_currency"
        `);
    await queryRunner.query(`
            ALTER TABLE "payments" DROP COLUMN "received_amount"
        `);
    await queryRunner.query(`
            DROP TABLE "foreign_payment_intents"
        `);
  }
}
