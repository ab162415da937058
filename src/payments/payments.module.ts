import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MetricsModule } from '../metrics/metrics.module';
import { OrdersModule } from '../orders/orders.module';
import { CheckoutService } from './checkout/checkout.service';
import { CheckoutStatusService } from './checkout/checkout-status.service';
import { CheckoutCompletionService } from './checkout/checkout-completion.service';
import { ForeignPaymentIntent } from './foreign-payment-intent.entity';
import { OrderCancellationService } from './checkout/order-cancellation.service';
import { PaymentEventsService } from './payment-events.service';
import { Payment } from './payment.entity';
import { PaymentStatusChange } from './payment-status-change.entity';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { PaymentReferencesService } from './payment-references.service';
import { ReconcilerService } from './reconciliation/reconciler.service';
import { RefundSubmissionService } from './refunds/refund-submission.service';
import { Refund } from './refunds/refund.entity';
import { RefundStatusChange } from './refunds/refund-status-change.entity';
import { RefundsService } from './refunds/refunds.service';
import { PAYMENT_PROVIDERS, PaymentProvider } from './providers/payment-provider';
import { OFFERED_PAYMENT_METHODS, PaymentProviderRegistry } from './providers/payment-provider.registry';
import { StripePaymentProvider } from './providers/stripe/stripe.provider';
import { PayPalPaymentProvider } from './providers/paypal/paypal.provider';
import { AppConfig } from '../config/app-config';

@Module({
  imports: [
    TypeOrmModule.forFeature([Payment, PaymentStatusChange, Refund, RefundStatusChange, ForeignPaymentIntent]),
    OrdersModule,
    MetricsModule,
  ],
  controllers: [PaymentsController],
  providers: [
    // Every provider, keyed by its `name`; a new one (Razorpay...) is one class added here.
    {
      provide: PAYMENT_PROVIDERS,
      inject: [AppConfig],
      // PayPal is known wherever it has credentials, so turning it off for new payments
      // (PAYPAL_ENABLED=false) still settles the ones it took.
      useFactory: (config: AppConfig): PaymentProvider[] => [
        new StripePaymentProvider(config),
        ...(config.payments.paypal.clientId ? [new PayPalPaymentProvider(config)] : []),
      ],
    },
    {
      provide: OFFERED_PAYMENT_METHODS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): string[] => ['stripe', ...(config.payments.paypal.enabled ? ['paypal'] : [])],
    },
    PaymentProviderRegistry,
    CheckoutService,
    CheckoutCompletionService,
    CheckoutStatusService,
    OrderCancellationService,
    PaymentEventsService,
    PaymentsService,
    PaymentReferencesService,
    RefundsService,
    RefundSubmissionService,
    ReconcilerService,
  ],
  exports: [
    CheckoutCompletionService,
    CheckoutStatusService,
    PaymentProviderRegistry,
    PaymentEventsService,
    PaymentReferencesService,
    RefundsService,
    RefundSubmissionService,
    OrderCancellationService,
    PaymentsService,
    ReconcilerService,
  ],
})
export class PaymentsModule {}
