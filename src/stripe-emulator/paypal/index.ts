export { createPayPalStandIn } from './paypal-stand-in';
export type { PayPalStandIn, PayPalStandInControls, PayPalStandInOptions } from './paypal-stand-in';
export { PAYPAL_CONTROLS_PATH } from './paypal-controls.routes';
export type { PayPalEvent, PayPalEventType } from './paypal-events';
export { PayPalStandInAgent, newPayPalSdk } from './testing/paypal-sdk';
