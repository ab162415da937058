import type { ApiPropertyOptions } from '@nestjs/swagger';
import { SUPPORTED_CURRENCIES } from '../money';

/**
 * The OpenAPI shapes the document's fields share, spread into `@ApiProperty`: generated clients
 * type them from these (integers, not doubles, for cents; UUIDs; timestamps; named enums).
 */

/** An amount of money in minor units of its currency (cents; yen for JPY). int64: an order total may pass int32. */
export const MINOR_UNITS = { type: 'integer', format: 'int64', minimum: 0 } as const satisfies ApiPropertyOptions;

/** A count of things (quantities, attempts, page numbers). */
export const COUNT = { type: 'integer', format: 'int32', minimum: 0 } as const satisfies ApiPropertyOptions;

export const UUID = {
  type: String,
  format: 'uuid',
  example: '3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
} as const satisfies ApiPropertyOptions;

export const TIMESTAMP = {
  type: String,
  format: 'date-time',
  example: '2026-11-30T14:05:09.123Z',
} as const satisfies ApiPropertyOptions;

/** The currencies orderpay prices and charges in, lower-case ISO 4217 like Stripe's. */
export const CURRENCY = {
  // No `type`: with one, nestjs/swagger inlines the enum instead of naming it.
  enum: SUPPORTED_CURRENCIES,
  enumName: 'Currency',
  example: 'usd',
  description: 'Lower-case ISO 4217 code',
} as const satisfies ApiPropertyOptions;
