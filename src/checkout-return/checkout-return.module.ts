import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module';
import { CheckoutReturnController } from './checkout-return.controller';
import { CheckoutStatusController } from './checkout-status.controller';

/** The customer's way back from Checkout: the return pages and the public status they poll. */
@Module({ imports: [PaymentsModule], controllers: [CheckoutReturnController, CheckoutStatusController] })
export class CheckoutReturnModule {}
