/**
 * The local Stripe emulator: dev and test only. Nothing in the app's production code path
 * imports this folder; the app's bootstrap starts it when no Stripe key is configured.
 */
export { startStripeEmulator } from './stripe-emulator';
export { DEFAULT_ASYNC_OUTCOME } from './standalone-config';
export { EMULATED_API_VERSION } from './stripe-emulator.types';
export type { StripeEmulatorHandle, StripeEmulatorOptions } from './stripe-emulator.types';
export type { CheckoutAction } from './flows/checkout-flow';
export { CHECKOUT_ACTIONS } from './flows/checkout-flow';
export type { OpenDisputeInput } from './flows/dispute-flow';
export type { AsyncPaymentAutoOutcome } from './flows/flow-context';
export type { EmulatedEvent, EmulatedEventType } from './objects/event.object';
export type { RefundFailureReason } from './objects/refund.object';
export type { EmulatorLogger } from './support/logger';
export type { DeliveryAttempt, ReleaseOrder } from './webhooks/webhook-delivery';
export { CONTROLS_PATH } from './controls/controls.routes';
export { CHECKOUT_PAGE_PATH } from './checkout-page/checkout-page.routes';
