import { request } from 'node:http';

export interface PlainResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * A bare HTTP call without redirects or connection pooling: tests look at 303s themselves,
 * and no socket outlives the test.
 */
export function httpCall(
  method: string,
  url: string,
  options: { body?: string; headers?: Record<string, string> } = {},
): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url), { method, agent: false, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Posts the checkout page's form as a browser does when a button is pressed. */
export function submitCheckoutPage(pageUrl: string, action: string): Promise<PlainResponse> {
  return httpCall('POST', pageUrl, {
    body: `action=${encodeURIComponent(action)}`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

export function postJson(url: string, body: unknown = {}, method = 'POST'): Promise<PlainResponse> {
  return httpCall(method, url, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}
