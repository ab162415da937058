import { applyDecorators, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';
import type { ThrottlerStorage } from '@nestjs/throttler';

/**
 * Requests per IP per minute to the public status reads (the success page and its poll). A page
 * polls about 10 times in its first minute and less after; customers behind one shared address
 * (an office, a mobile carrier) need room, while a guesser of session ids gets nowhere.
 */
export const STATUS_READS_PER_MINUTE = 120;

const MINUTE_MS = 60_000;

/**
 * The limits, each with its own counters: `auth` (register, login: brute force) and `status` (the
 * public status reads) per client IP; `pay` (opening checkouts) per signed-in user, since a
 * storefront's server may call for many customers from one address.
 */
export const RATE_LIMITS = ['auth', 'pay', 'status'] as const;
export type RateLimitName = (typeof RATE_LIMITS)[number];

/** `/pay` sits behind the JWT guard, so the caller is known; by IP only if a route ever forgets it. */
export function userOrIp(request: Record<string, unknown>): Promise<string> {
  const user = request.user as { id?: unknown } | undefined;
  return Promise.resolve(typeof user?.id === 'string' ? `user:${user.id}` : `ip:${String(request.ip)}`);
}

export function rateLimitOptions(config: AppConfig, storage: ThrottlerStorage): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'auth', ttl: MINUTE_MS, limit: config.auth.rateLimitPerMinute },
      { name: 'pay', ttl: MINUTE_MS, limit: config.payments.payRateLimitPerMinute, getTracker: userOrIp },
      { name: 'status', ttl: MINUTE_MS, limit: STATUS_READS_PER_MINUTE },
    ],
    storage,
  };
}

/**
 * The one decorator for a limited route: the guard, and every other limit skipped, so a route only
 * spends the budget it names. On an authenticated route, place it after `@Authenticated()` (guards
 * of the class run first, so `pay` knows the user).
 */
export function RateLimit(name: RateLimitName): MethodDecorator & ClassDecorator {
  const others = RATE_LIMITS.filter((other) => other !== name).map((other) => [other, true] as const);
  return applyDecorators(UseGuards(ThrottlerGuard), SkipThrottle(Object.fromEntries(others)));
}
