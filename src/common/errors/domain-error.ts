import { HttpStatus } from '@nestjs/common';

/**
 * The stable machine codes clients can rely on. Adding one is fine; renaming one breaks clients.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  PRODUCT_UNAVAILABLE: 'PRODUCT_UNAVAILABLE',
  SKU_TAKEN: 'SKU_TAKEN',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  CHECKOUT_SESSION_NOT_FOUND: 'CHECKOUT_SESSION_NOT_FOUND',
  ORDER_TOTAL_OUT_OF_RANGE: 'ORDER_TOTAL_OUT_OF_RANGE',
  ORDER_NOT_CANCELABLE: 'ORDER_NOT_CANCELABLE',
  ORDER_NOT_PAYABLE: 'ORDER_NOT_PAYABLE',
  ORDER_HAS_PAYMENTS: 'ORDER_HAS_PAYMENTS',
  PAYMENT_AMOUNT_OUT_OF_RANGE: 'PAYMENT_AMOUNT_OUT_OF_RANGE',
  PARTIAL_PAYMENTS_DISABLED: 'PARTIAL_PAYMENTS_DISABLED',
  PAYMENT_METHOD_UNSUPPORTED: 'PAYMENT_METHOD_UNSUPPORTED',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  PAYMENT_IN_PROGRESS: 'PAYMENT_IN_PROGRESS',
  ORDER_NOT_REFUNDABLE: 'ORDER_NOT_REFUNDABLE',
  REFUND_EXCEEDS_REMAINING: 'REFUND_EXCEEDS_REMAINING',
  WEBHOOK_EVENT_NOT_FOUND: 'WEBHOOK_EVENT_NOT_FOUND',
  WEBHOOK_EVENT_NOT_REPLAYABLE: 'WEBHOOK_EVENT_NOT_REPLAYABLE',
  PAYMENT_PROVIDER_UNAVAILABLE: 'PAYMENT_PROVIDER_UNAVAILABLE',
  PAYMENT_PROVIDER_ERROR: 'PAYMENT_PROVIDER_ERROR',
  WEBHOOK_SIGNATURE_INVALID: 'WEBHOOK_SIGNATURE_INVALID',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure of a use case: mapped to an HTTP answer by the one exception filter. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: HttpStatus,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: ErrorCode, message: string) => new DomainError(code, message, HttpStatus.NOT_FOUND);
export const conflict = (code: ErrorCode, message: string) => new DomainError(code, message, HttpStatus.CONFLICT);
export const unprocessable = (code: ErrorCode, message: string) =>
  new DomainError(code, message, HttpStatus.UNPROCESSABLE_ENTITY);
