import type { Timers } from '../support/timers';
import type { PayPalUrls } from './paypal-objects';
import type { PayPalState } from './paypal-state';
import type { PayPalWebhooks } from './paypal-webhooks';

/** How a PENDING (eCheck-like) capture ends unless a test control ends it first. */
export type PendingCaptureOutcome = 'completed' | 'denied' | 'manual';

/** What the flows share: state, events, the clock and timers, and the tunable timings. */
export interface PayPalContext {
  state: PayPalState;
  webhooks: PayPalWebhooks;
  urls: PayPalUrls;
  timers: Timers;
  now(): number;
  settings: {
    /** After how long a PENDING capture settles by itself. */
    pendingCaptureSettleMs: number;
    pendingCaptureOutcome: PendingCaptureOutcome;
  };
}
