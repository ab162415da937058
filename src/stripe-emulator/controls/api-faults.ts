import type { RouteContext } from '../http/router';

export interface ApiFaultSettings {
  /** Every `/v1` request is answered this long after it arrives. */
  latencyMs: number;
  /** An outage: `/v1` connections are cut without an answer (the SDK sees a connection error). */
  down: boolean;
}

const NO_FAULTS: ApiFaultSettings = { latencyMs: 0, down: false };
/** A minute is past any client's timeout (the app's is 10 s): longer only stalls the test. */
export const MAX_LATENCY_MS = 60_000;

/**
 * Stripe being slow or down, for fault tests: only the `/v1` API is affected, so the test's own
 * controls and the checkout page keep answering while the "outage" lasts.
 */
export class ApiFaults {
  private settings: ApiFaultSettings = NO_FAULTS;

  get current(): ApiFaultSettings {
    return { ...this.settings };
  }

  /** Changes the settings given; the others stay as they are. */
  set(changes: Partial<ApiFaultSettings>): ApiFaultSettings {
    this.settings = { ...this.settings, ...changes };
    return this.current;
  }

  clear(): void {
    this.settings = NO_FAULTS;
  }

  /**
   * Called before a `/v1` request is handled: resolves true once the latency has passed, or
   * false after cutting the connection when the API is down (the caller must not answer).
   * Down is checked again after the wait, so an outage that starts meanwhile cuts those too.
   */
  async admit(ctx: RouteContext): Promise<boolean> {
    if (!this.settings.down && this.settings.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.settings.latencyMs));
    }
    if (!this.settings.down) return true;
    ctx.req.socket.destroy();
    return false;
  }
}
