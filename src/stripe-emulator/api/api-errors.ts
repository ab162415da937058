/**
 * Stripe's error vocabulary. The SDK picks its error class from the HTTP status and
 * `error.type` (400/404 -> StripeInvalidRequestError, or StripeIdempotencyError when the type
 * is `idempotency_error`; 401 -> StripeAuthenticationError), so both must match Stripe's.
 * `code` and `param` are omitted when Stripe would omit them: no code is invented.
 */
export type StripeErrorType = 'invalid_request_error' | 'idempotency_error' | 'api_error' | 'card_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: StripeErrorBody,
    /**
     * Stripe saves an idempotent result only once the endpoint began executing: a request
     * refused while its parameters were being validated can be retried with the same key.
     */
    readonly savedForIdempotency = true,
  ) {
    super(body.message);
    this.name = 'StripeApiError';
  }

  toJSON(): { error: StripeErrorBody } {
    return { error: this.body };
  }
}

function invalidRequest(
  statusCode: number,
  message: string,
  extra: { code?: string; param?: string } = {},
  savedForIdempotency = true,
): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (extra.code) {
    body.code = extra.code;
    body.doc_url = `https://stripe.com/docs/error-codes/${extra.code.replace(/_/g, '-')}`;
  }
  if (extra.param) body.param = extra.param;
  return new StripeApiError(statusCode, body, savedForIdempotency);
}

/** Errors found while reading parameters: never saved for idempotency. */
export const paramErrors = {
  missing: (param: string) =>
    invalidRequest(400, `Missing required param: ${param}.`, { code: 'parameter_missing', param }, false),
  unknown: (param: string, supported?: readonly string[]) =>
    invalidRequest(
      400,
      `Received unknown parameter: ${param}` +
        (supported?.length ? ` (the local Stripe emulator supports here: ${supported.join(', ')})` : ''),
      { code: 'parameter_unknown', param },
      false,
    ),
  invalidInteger: (param: string, value: unknown) =>
    invalidRequest(400, `Invalid integer: ${String(value)}`, { code: 'parameter_invalid_integer', param }, false),
  integerOutOfRange: (param: string, bound: 'min' | 'max', limit: number) =>
    invalidRequest(
      400,
      `This value must be ${bound === 'min' ? 'greater' : 'less'} than or equal to ${limit}.`,
      { code: 'parameter_invalid_integer', param },
      false,
    ),
  empty: (param: string) =>
    invalidRequest(
      400,
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a ` +
        `parameter; however '${param}' cannot be unset. You should remove '${param}' from your request ` +
        'or supply a non-empty value.',
      { code: 'parameter_invalid_empty', param },
      false,
    ),
  invalid: (param: string, message: string, code?: string) => invalidRequest(400, message, { code, param }, false),
  malformed: (message: string) => invalidRequest(400, message, {}, false),
};

export const resourceMissing = (objectName: string, id: string, param: string, statusCode = 404) =>
  invalidRequest(statusCode, `No such ${objectName}: '${id}'`, { code: 'resource_missing', param });

/** A request that passed validation but that the object's state refuses. */
export const stateError = (message: string, extra: { code?: string; param?: string } = {}) =>
  invalidRequest(400, message, extra);

export const unrecognizedUrl = (method: string, path: string) =>
  invalidRequest(
    404,
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at ` +
      'https://support.stripe.com/.',
    {},
    false,
  );

export const authErrors = {
  missing: () =>
    invalidRequest(
      401,
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      {},
      false,
    ),
  invalid: (maskedKey: string) =>
    invalidRequest(
      401,
      `Invalid API Key provided: ${maskedKey}. The local Stripe emulator accepts any test-mode secret key (sk_test_...).`,
      {},
      false,
    ),
};

export const idempotencyErrors = {
  otherParameters: (key: string) =>
    new StripeApiError(
      400,
      {
        type: 'idempotency_error',
        message:
          'Keys for idempotent requests can only be used with the same parameters they were first used with. ' +
          `Try using a key other than '${key}' if you meant to execute a different request.`,
      },
      false,
    ),
  otherEndpoint: (key: string, first: string, now: string) =>
    new StripeApiError(
      400,
      {
        type: 'idempotency_error',
        message:
          `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${first}' vs '${now}'). ` +
          `Try using a key other than '${key}' if you meant to execute a different request.`,
      },
      false,
    ),
};

export const bodyTooLarge = (limitBytes: number) =>
  invalidRequest(413, `Request body is larger than ${limitBytes} bytes.`, {}, false);
