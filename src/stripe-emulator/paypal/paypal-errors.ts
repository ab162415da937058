import { randomBytes } from 'node:crypto';

/** One entry of an error's `details`, as PayPal's `error_details` schema has it. */
export interface PayPalErrorDetail {
  issue: string;
  description: string;
  field?: string;
  value?: string;
  location?: 'body' | 'path' | 'query';
}

export interface PayPalErrorBody {
  name: string;
  message: string;
  debug_id: string;
  details?: PayPalErrorDetail[];
  links?: { href: string; rel: string; method?: string }[];
}

/** PayPal's correlation id: 13 hex characters, also sent as the `Paypal-Debug-Id` header. */
export function newDebugId(): string {
  return randomBytes(7).toString('hex').slice(0, 13);
}

/**
 * An answer in PayPal's error shape (`name`, `message`, `debug_id`, `details[]`). Handlers
 * throw it; the route wrapper writes it. `body` is `undefined` for the OAuth endpoint, which
 * answers in OAuth's own `{error, error_description}` shape instead (see `oauthBody`).
 */
export class PayPalApiError extends Error {
  readonly debugId = newDebugId();

  constructor(
    readonly status: number,
    override readonly name: string,
    message: string,
    readonly details: PayPalErrorDetail[] = [],
    readonly oauthBody?: { error: string; error_description: string },
  ) {
    super(message);
  }

  toBody(): PayPalErrorBody | { error: string; error_description: string } {
    if (this.oauthBody) return this.oauthBody;
    const body: PayPalErrorBody = { name: this.name, message: this.message, debug_id: this.debugId };
    if (this.details.length > 0) body.details = this.details;
    body.links = [
      {
        href: `https://developer.paypal.com/api/rest/reference/orders/v2/errors/#${this.details[0]?.issue ?? this.name}`,
        rel: 'information_link',
        method: 'GET',
      },
    ];
    return body;
  }
}

// The messages below are PayPal's own wording for each `name` (error_400 ... error_422 schemas).

export const invalidRequest = (...details: PayPalErrorDetail[]) =>
  new PayPalApiError(
    400,
    'INVALID_REQUEST',
    'Request is not well-formed, syntactically incorrect, or violates schema.',
    details,
  );

export const unprocessable = (...details: PayPalErrorDetail[]) =>
  new PayPalApiError(
    422,
    'UNPROCESSABLE_ENTITY',
    'The requested action could not be performed, semantically incorrect, or failed business validation.',
    details,
  );

export const resourceNotFound = (description: string, field?: string, value?: string) =>
  new PayPalApiError(404, 'RESOURCE_NOT_FOUND', 'The specified resource does not exist.', [
    { issue: 'INVALID_RESOURCE_ID', description, ...(field ? { field, value, location: 'path' as const } : {}) },
  ]);

export const authenticationFailure = () =>
  new PayPalApiError(
    401,
    'AUTHENTICATION_FAILURE',
    'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
  );

/** The token endpoint answers in OAuth 2's shape, not PayPal's. */
export const invalidClient = () =>
  new PayPalApiError(401, 'invalid_client', 'Client Authentication failed', [], {
    error: 'invalid_client',
    error_description: 'Client Authentication failed',
  });

export const unsupportedGrantType = () =>
  new PayPalApiError(400, 'unsupported_grant_type', 'Grant Type is NULL', [], {
    error: 'unsupported_grant_type',
    error_description: 'Grant Type is NULL',
  });

export const missing = (field: string) => ({
  issue: 'MISSING_REQUIRED_PARAMETER',
  description: 'A required field / parameter is missing.',
  field,
  location: 'body' as const,
});

export const invalidValue = (field: string, value: unknown, description: string) => ({
  issue: 'INVALID_PARAMETER_VALUE',
  description,
  field,
  value: typeof value === 'string' ? value : JSON.stringify(value),
  location: 'body' as const,
});
