import { RateLimit } from '../rate-limits/rate-limits';

export { STATUS_READS_PER_MINUTE } from '../rate-limits/rate-limits';

/**
 * Per-IP limit for the public status reads, with counters of their own: polling never spends a
 * customer's `/pay` budget (see rate-limits.ts).
 */
export const ThrottleStatusReads = () => RateLimit('status');
