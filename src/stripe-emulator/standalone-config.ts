import type { AsyncPaymentAutoOutcome } from './flows/flow-context';
import { randomBase62 } from './support/ids';
import type { StripeEmulatorOptions } from './stripe-emulator.types';

export const DEFAULT_EMULATOR_PORT = 12111;
export const DEFAULT_WEBHOOK_URL = 'http://localhost:3000/webhooks/stripe';
/** A human clicking "Pay later" sees the bank's answer after this long, unless told otherwise. */
export const DEFAULT_ASYNC_OUTCOME: AsyncPaymentAutoOutcome = { afterMs: 10_000, outcome: 'succeeded' };

export interface StandaloneConfig {
  options: Omit<StripeEmulatorOptions, 'log'>;
  /** True when no secret was configured and one was made up: it must be shown to the user. */
  secretGenerated: boolean;
}

/**
 * Reads the standalone emulator's settings from the environment its entry point passes in
 * (the emulator itself takes options; the app's in-process emulator gets them from AppConfig):
 * - STRIPE_EMULATOR_PORT (default 12111), STRIPE_EMULATOR_HOST (default 127.0.0.1)
 * - STRIPE_WEBHOOK_SECRET: the app's secret; a comma-separated list (rotation) signs with the
 *   first. Unset: a `whsec_...` secret is generated.
 * - STRIPE_EMULATOR_WEBHOOK_URL (default http://localhost:3000/webhooks/stripe); PayPal's events go
 *   to the same app's /webhooks/paypal
 * - PAYPAL_WEBHOOK_ID: the webhook id the PayPal stand-in signs for (default: the app's default)
 * - STRIPE_EMULATOR_PUBLIC_URL: base of checkout page URLs when browsers reach it elsewhere
 * - STRIPE_EMULATOR_ASYNC_OUTCOME: succeeded (default) | failed | manual, for "Pay later"
 * - STRIPE_EMULATOR_REMOTE_CONTROLS: true lets other hosts use /_emulator (default: loopback only)
 * Refuses NODE_ENV=production.
 */
export function readStandaloneConfig(env: Record<string, string | undefined>): StandaloneConfig {
  if (env.NODE_ENV === 'production') {
    // Like the app: an emulator in production would take "payments" that move no money.
    throw new Error(
      'The local Stripe emulator is a development and test tool: it refuses to start with NODE_ENV=production',
    );
  }
  const port = Number(env.STRIPE_EMULATOR_PORT || DEFAULT_EMULATOR_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`STRIPE_EMULATOR_PORT must be a port number (0-65535), not "${env.STRIPE_EMULATOR_PORT}"`);
  }
  const configuredSecret = env.STRIPE_WEBHOOK_SECRET?.split(',')[0]?.trim();
  const webhookUrl = env.STRIPE_EMULATOR_WEBHOOK_URL || DEFAULT_WEBHOOK_URL;
  try {
    new URL(webhookUrl);
  } catch {
    throw new Error(`STRIPE_EMULATOR_WEBHOOK_URL must be a URL, not "${webhookUrl}"`);
  }
  return {
    options: {
      port,
      host: env.STRIPE_EMULATOR_HOST || '127.0.0.1',
      webhookSecret: configuredSecret || `whsec_${randomBase62(32)}`,
      webhookUrl,
      paypal: {
        webhookUrl: /\/stripe\/?$/.test(webhookUrl)
          ? webhookUrl.replace(/\/stripe(\/?)$/, '/paypal$1')
          : new URL('/webhooks/paypal', webhookUrl).toString(),
        webhookId: env.PAYPAL_WEBHOOK_ID || undefined,
      },
      publicUrl: env.STRIPE_EMULATOR_PUBLIC_URL || undefined,
      remoteControls: flag(env, 'STRIPE_EMULATOR_REMOTE_CONTROLS'),
      asyncPaymentAutoOutcome: asyncOutcome(env.STRIPE_EMULATOR_ASYNC_OUTCOME),
    },
    secretGenerated: !configuredSecret,
  };
}

function asyncOutcome(value: string | undefined): AsyncPaymentAutoOutcome | undefined {
  if (!value || value === 'succeeded') return DEFAULT_ASYNC_OUTCOME;
  if (value === 'failed') return { ...DEFAULT_ASYNC_OUTCOME, outcome: 'failed' };
  if (value === 'manual') return undefined;
  throw new Error(`STRIPE_EMULATOR_ASYNC_OUTCOME must be succeeded, failed or manual, not "${value}"`);
}

function flag(env: Record<string, string | undefined>, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new Error(`${name} must be true or false, not "${value}"`);
}
