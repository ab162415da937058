import type { Logger } from '@nestjs/common';
import { ApiError } from '@paypal/paypal-server-sdk';
import { ProviderError } from '../provider-errors';
import { isJsonObject } from '../provider-fields';

/** PayPal's error code: the first `details[].issue`, else its `name` (or OAuth's `error`). */
export function issueOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  let body: unknown = error.result;
  if (!isJsonObject(body) && typeof error.body === 'string') {
    try {
      body = JSON.parse(error.body);
    } catch {
      return undefined;
    }
  }
  if (!isJsonObject(body)) return undefined;
  const details = Array.isArray(body.details) ? body.details : [];
  const first: unknown = details[0];
  if (isJsonObject(first) && typeof first.issue === 'string') return first.issue;
  if (typeof body.name === 'string') return body.name;
  return typeof body.error === 'string' ? body.error : undefined;
}

/** An SDK failure in orderpay's words: the SDK's error types stay inside the provider. */
export function translatePayPalError(action: string, error: unknown, logger: Logger): ProviderError {
  if (error instanceof ProviderError) return error;
  if (!(error instanceof ApiError)) {
    // No answer (network, timeout), or the SDK refused our request before sending it.
    return new ProviderError('unavailable', `Could not ${action} at PayPal: ${String(error)}`);
  }
  const issue = issueOf(error);
  const detail = `Could not ${action} at PayPal: HTTP ${error.statusCode}${issue ? ` ${issue}` : ''}`;
  const status = error.statusCode;
  if (status >= 500 || status === 429 || status === 408 || status === 409) {
    return new ProviderError('unavailable', detail, issue);
  }
  if (status === 404 || issue === 'RESOURCE_NOT_FOUND' || issue === 'INVALID_RESOURCE_ID')
    return new ProviderError('not_found', detail, issue);
  if (status === 401 || status === 403) {
    logger.error(`PayPal refused our credentials: ${detail}`);
    return new ProviderError('misconfigured', detail, issue);
  }
  return new ProviderError('rejected', detail, issue);
}
