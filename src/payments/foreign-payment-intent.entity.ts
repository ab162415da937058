import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A provider payment that is not orderpay's (the account also takes payments elsewhere). Its
 * refund and dispute events are ignored; remembered, so a redelivery is not another provider read.
 */
@Entity({ name: 'foreign_payment_intents' })
export class ForeignPaymentIntent {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  provider!: string;

  @PrimaryColumn({ name: 'payment_intent_id', type: 'varchar', length: 255 })
  paymentIntentId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
