import type { FormObject } from '../http/form-parser';
import { idempotencyErrors, paramErrors } from './api-errors';

export interface SavedAnswer {
  statusCode: number;
  bodyText: string;
  requestId: string;
}

interface Entry extends SavedAnswer {
  endpoint: string;
  fingerprint: string;
}

/**
 * Stripe's `Idempotency-Key` rules for POST requests: the first answer is saved and replayed
 * for the same key (same status and body, `Idempotent-Replayed: true`); the same key with
 * other parameters or on another endpoint is an `idempotency_error`. Keys are kept for the
 * emulator's lifetime (Stripe keeps them at least 24 hours).
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** The saved answer to replay, undefined for a new key; throws when the key is misused. */
  find(key: string, endpoint: string, input: FormObject): SavedAnswer | undefined {
    if (key.length > 255) {
      throw paramErrors.invalid(
        'Idempotency-Key',
        `Idempotency keys can be at most 255 characters long, not ${key.length}.`,
      );
    }
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.endpoint !== endpoint) throw idempotencyErrors.otherEndpoint(key, entry.endpoint, endpoint);
    if (entry.fingerprint !== fingerprint(input)) throw idempotencyErrors.otherParameters(key);
    return entry;
  }

  save(key: string, endpoint: string, input: FormObject, answer: SavedAnswer): void {
    this.entries.set(key, { ...answer, endpoint, fingerprint: fingerprint(input) });
  }

  reset(): void {
    this.entries.clear();
  }
}

/** Parameters compared independent of their order in the body. */
function fingerprint(input: FormObject): string {
  const canonical = (value: unknown): unknown =>
    typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
        )
      : value;
  return JSON.stringify(canonical(input));
}
