import { ErrorCode } from './domain-error';

/**
 * A message each code answers with, as the document's examples show it. A Record over every
 * code: a new code does not compile until it has one.
 */
export const ERROR_EXAMPLE_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'items.0.quantity must not be greater than 999',
  MALFORMED_JSON: 'The request body is not valid JSON',
  PAYLOAD_TOO_LARGE: 'The request body is larger than 64kb',
  UNSUPPORTED_MEDIA_TYPE:
    'Request bodies must be JSON sent as Content-Type: application/json (got Content-Type text/plain)',
  ROUTE_NOT_FOUND: 'Cannot GET /nope',
  UNAUTHENTICATED: 'A valid bearer token is required',
  INVALID_CREDENTIALS: 'Invalid email or password',
  FORBIDDEN: 'This route needs the admin role',
  RATE_LIMITED: 'Too many requests: try again in 42 seconds',
  EMAIL_TAKEN: 'An account with this email already exists',
  PRODUCT_NOT_FOUND: 'Product 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f not found',
  PRODUCT_UNAVAILABLE: 'Product 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f is not available',
  SKU_TAKEN: 'A product with SKU MUG-BLUE already exists',
  ORDER_NOT_FOUND: 'Order 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f not found',
  CHECKOUT_SESSION_NOT_FOUND: 'Checkout session not found',
  ORDER_TOTAL_OUT_OF_RANGE: 'The order total 0.40 USD cannot be charged: Stripe takes 0.50 USD to 999,999.99 USD',
  ORDER_NOT_CANCELABLE: 'Order 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f is paid: refund it instead',
  ORDER_NOT_PAYABLE: 'Order 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f is paid',
  ORDER_HAS_PAYMENTS: 'Order 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f has payments: the shop can cancel it and refund them',
  PAYMENT_AMOUNT_OUT_OF_RANGE: 'amount 40.00 USD is more than the balance, 25.98 USD',
  PARTIAL_PAYMENTS_DISABLED: 'This shop takes the whole balance in one payment: leave out amount',
  PAYMENT_METHOD_UNSUPPORTED: 'PayPal does not take payments in INR',
  INVALID_TRANSITION: 'Order 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f cannot go from canceled to paid',
  PAYMENT_IN_PROGRESS: 'A payment for order 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f is being confirmed',
  ORDER_NOT_REFUNDABLE: 'Order 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f has nothing left to refund',
  REFUND_EXCEEDS_REMAINING: 'A refund of 30.00 USD is more than the 25.98 USD left to refund',
  WEBHOOK_EVENT_NOT_FOUND: 'Webhook event 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f not found',
  WEBHOOK_EVENT_NOT_REPLAYABLE: 'Webhook event 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f is processed: nothing to replay',
  PAYMENT_PROVIDER_UNAVAILABLE: 'Stripe could not be reached: try again',
  PAYMENT_PROVIDER_ERROR: 'Stripe refused the request',
  WEBHOOK_SIGNATURE_INVALID: 'The Stripe-Signature header does not match the body',
  SERVICE_UNAVAILABLE: 'Not ready: database down',
  INTERNAL_ERROR: 'Internal server error',
};
