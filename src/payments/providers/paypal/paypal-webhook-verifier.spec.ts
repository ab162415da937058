import { Logger } from '@nestjs/common';
import { WebhookSignatureError } from '../provider-errors';
import type { PayPalApi } from './paypal-client';
import { PayPalWebhookVerifier } from './paypal-webhook-verifier';

const HEADERS = {
  'paypal-transmission-id': '69cd13f0-d67a-11e5-baa3-778b53f4ae55',
  'paypal-transmission-time': '2026-12-01T10:00:00Z',
  'paypal-transmission-sig':
    'lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz+Zjh3s3boXB07VXCXUZy/UFzUlnGJn0wDugt7FlSvdKeIJenLRemUxYCPVoEZzg9VFNqOa48gMkvF+XTpxBeUx/kWy6B5cp7GkT2+pOowfRK7OaynuxUoKW3JcMWw272VKjLTtTAShncla7tGF+55rxyt2KNZIIqxNMJ48RDZheGU5w1npu9dZHnPgTXB9iomeVRoD8O/jhRpnKsGrDschyNdkeh81BJJMH4Ctc6lnCCquoP/GzCzz33MMsNdid7vL/NIWaCsekQpW26FpWPi/tfj8nLA==',
  'paypal-cert-url': 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270',
  'paypal-auth-algo': 'SHA256withRSA',
};
const BODY = Buffer.from('{"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{}}');

function setup(talksToPayPal = true) {
  const updateToken = jest.fn(() => Promise.resolve({ accessToken: 'A21AA-token' }));
  const api = {
    baseUrl: 'https://api-m.paypal.com',
    talksToPayPal,
    client: { clientCredentialsAuthManager: { updateToken } },
  } as unknown as PayPalApi;
  const fetch = jest
    .spyOn(globalThis, 'fetch')
    .mockResolvedValue(new Response(JSON.stringify({ verification_status: 'SUCCESS' }), { status: 200 }));
  const verifier = new PayPalWebhookVerifier(() => api, 'WEBHOOK-ID-1', new Logger('test'));
  return { verifier, fetch, updateToken };
}

describe(PayPalWebhookVerifier.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('asks PayPal with the headers, our webhook id and the body spliced in byte for byte', async () => {
    const { verifier, fetch } = setup();

    await expect(verifier.verify(BODY, HEADERS)).resolves.toEqual(JSON.parse(BODY.toString()));

    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('https://api-m.paypal.com/v1/notifications/verify-webhook-signature');
    expect(init.body).toBe(
      `{"transmission_id":"${HEADERS['paypal-transmission-id']}","transmission_time":"${HEADERS['paypal-transmission-time']}",` +
        `"transmission_sig":"${HEADERS['paypal-transmission-sig']}","cert_url":"${HEADERS['paypal-cert-url']}",` +
        `"auth_algo":"SHA256withRSA","webhook_id":"WEBHOOK-ID-1","webhook_event":${BODY.toString()}}`,
    );
  });

  it.each([
    ['paypal-cert-url', 'https://paypal.com.evil.example/certs/1', 'not a PayPal certificate address'],
    ['paypal-cert-url', 'http://api.paypal.com/v1/notifications/certs/1', 'not a PayPal certificate address'],
    ['paypal-cert-url', 'not a url', 'not a PayPal certificate address'],
    ['paypal-auth-algo', 'none', 'is not one PayPal signs with'],
    ['paypal-transmission-sig', 'not base64!', 'is not base64'],
    ['paypal-transmission-id', '', 'Missing paypal-transmission-id header'],
  ])('refuses %s %j before spending a call to PayPal', async (header, value, message) => {
    const { verifier, fetch, updateToken } = setup();

    const refused = verifier.verify(BODY, { ...HEADERS, [header]: value });

    await expect(refused).rejects.toThrow(WebhookSignatureError);
    await expect(refused).rejects.toThrow(message);
    expect(fetch).not.toHaveBeenCalled();
    expect(updateToken).not.toHaveBeenCalled();
  });

  it('accepts a stand-in’s own certificate address when orderpay talks to a stand-in', async () => {
    const { verifier, fetch } = setup(false);

    await verifier.verify(BODY, { ...HEADERS, 'paypal-cert-url': 'http://127.0.0.1:12111/v1/notifications/certs/1' });

    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['FAILURE', 200, 'PayPal did not verify the delivery (FAILURE)'],
    [undefined, 400, 'PayPal did not verify the delivery (refused: 400)'],
  ])('refuses a delivery PayPal answers %s (HTTP %i) for', async (status, code, message) => {
    const { verifier, fetch } = setup();
    fetch.mockResolvedValueOnce(new Response(JSON.stringify({ verification_status: status }), { status: code }));

    await expect(verifier.verify(BODY, HEADERS)).rejects.toThrow(message);
  });
});
