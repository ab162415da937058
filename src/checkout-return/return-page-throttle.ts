import { applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle, Throttle, ThrottlerGuard } from '@nestjs/throttler';

/**
 * Requests per IP per minute to the public status reads (the success page and its poll). A page
 * polls about 10 times in its first minute and less after; customers behind one shared address
 * (an office, a mobile carrier) need room, while a guesser of session ids gets nowhere.
 */
export const STATUS_READS_PER_MINUTE = 120;

/**
 * Per-IP limit for the public status reads. It rides on the `pay` throttler with its own limit:
 * the throttler keys its counters by route, so polling never spends a customer's `/pay` budget.
 */
export const ThrottleStatusReads = () =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    SkipThrottle({ auth: true }),
    Throttle({ pay: { limit: STATUS_READS_PER_MINUTE, ttl: 60_000 } }),
  );
