import type { Logger } from '@nestjs/common';
import type { OAuthToken } from '@paypal/paypal-server-sdk';
import type { WebhookHeaders } from '../payment-provider';
import { ProviderError, WebhookSignatureError } from '../provider-errors';
import { isJsonObject } from '../provider-fields';
import type { PayPalApi } from './paypal-client';
import { translatePayPalError } from './paypal-errors';

/** The delivery headers verify-webhook-signature needs, as PayPal names its fields. */
const SIGNATURE_HEADERS = {
  transmission_id: 'paypal-transmission-id',
  transmission_time: 'paypal-transmission-time',
  transmission_sig: 'paypal-transmission-sig',
  cert_url: 'paypal-cert-url',
  auth_algo: 'paypal-auth-algo',
} as const;
/** The algorithms PayPal signs with (its documentation names SHA256withRSA). */
const AUTH_ALGORITHMS = new Set(['SHA256withRSA', 'SHA1withRSA']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const VERIFY_TIMEOUT_MS = 10_000;

type Json = Record<string, unknown>;

/**
 * PayPal signs deliveries with a certificate; orderpay asks PayPal to check them
 * (verify-webhook-signature), before any transaction opens. The certificate check would need the
 * certificate fetched (its URL and chain validated) and kept up to date; the call leaves that to
 * PayPal, costs one request per delivery, and is what the stand-in reproduces. A delivery whose
 * headers PayPal could never have sent is refused before that call, so a forger cannot spend
 * orderpay's PayPal requests with any header values. The body is sent back byte for byte:
 * PayPal's signature covers its CRC32.
 */
export class PayPalWebhookVerifier {
  private token?: Promise<OAuthToken>;

  constructor(
    /** The current SDK client (the provider replaces it after a failed token fetch). */
    private readonly api: () => PayPalApi,
    private readonly webhookId: string,
    private readonly logger: Logger,
  ) {}

  /** The verified body, parsed; throws WebhookSignatureError when PayPal does not vouch for it. */
  async verify(rawBody: Buffer, headers: WebhookHeaders): Promise<Json> {
    const fields = this.signatureFields(headers);
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new WebhookSignatureError('The body is not JSON: PayPal cannot verify it');
    }
    if (!isJsonObject(parsed))
      throw new WebhookSignatureError('The body is not a JSON object: PayPal cannot verify it');
    const request = JSON.stringify({ ...fields, webhook_id: this.webhookId });
    // The body is a JSON object (parsed above), so splicing it in keeps the request one object.
    const body = `${request.slice(0, -1)},"webhook_event":${rawBody.toString('utf8')}}`;
    const status = await this.verificationStatus(body);
    if (status !== 'SUCCESS') throw new WebhookSignatureError(`PayPal did not verify the delivery (${status})`);
    return parsed;
  }

  private signatureFields(headers: WebhookHeaders): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const [field, header] of Object.entries(SIGNATURE_HEADERS)) {
      const value = headers[header];
      if (!value) throw new WebhookSignatureError(`Missing ${header} header`);
      fields[field] = value;
    }
    if (!AUTH_ALGORITHMS.has(fields.auth_algo))
      throw new WebhookSignatureError(`paypal-auth-algo ${fields.auth_algo.slice(0, 40)} is not one PayPal signs with`);
    if (!BASE64.test(fields.transmission_sig)) throw new WebhookSignatureError('paypal-transmission-sig is not base64');
    if (!this.isCertificateUrl(fields.cert_url))
      throw new WebhookSignatureError('paypal-cert-url is not a PayPal certificate address');
    return fields;
  }

  /** PayPal's own hosts over HTTPS; any address when orderpay talks to a stand-in (development, tests). */
  private isCertificateUrl(value: string): boolean {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (!this.api().talksToPayPal) return url.protocol === 'http:' || url.protocol === 'https:';
    return url.protocol === 'https:' && (url.hostname === 'paypal.com' || url.hostname.endsWith('.paypal.com'));
  }

  private async verificationStatus(body: string): Promise<string> {
    let response: Response;
    try {
      const { accessToken } = await this.accessToken();
      response = await fetch(`${this.api().baseUrl}/v1/notifications/verify-webhook-signature`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
      });
    } catch (error) {
      this.token = undefined;
      throw translatePayPalError('verify a webhook', error, this.logger);
    }
    const answer = (await response.json().catch(() => null)) as Json | null;
    if (response.status === 401) this.token = undefined;
    if (response.ok) return typeof answer?.verification_status === 'string' ? answer.verification_status : 'no status';
    // PayPal refused the request itself: a header it cannot read (a forged delivery) is the
    // delivery's fault; our credentials or PayPal's own trouble are not.
    if (response.status === 400 || response.status === 422)
      return `refused: ${typeof answer?.name === 'string' ? answer.name : response.status}`;
    const kind = response.status === 401 || response.status === 403 ? 'misconfigured' : 'unavailable';
    if (kind === 'misconfigured') this.logger.error('PayPal refused our credentials when verifying a webhook');
    throw new ProviderError(kind, `Could not verify a webhook at PayPal: HTTP ${response.status}`);
  }

  /** One token for the verification calls, renewed when it runs out (the SDK keeps its own for its calls). */
  private accessToken(): Promise<OAuthToken> {
    const manager = this.api().client.clientCredentialsAuthManager;
    const current = this.token;
    this.token = (current ?? Promise.resolve(undefined)).then((token) => manager.updateToken(token));
    this.token.catch(() => (this.token = undefined));
    return this.token;
  }
}
