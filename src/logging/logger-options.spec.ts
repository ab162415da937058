import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { loadConfig } from '../config/app-config';
import { ConfigValidationError } from '../config/environment';
import { createLogger, httpLoggerOptions, LogSettings, logDestination } from './logger-options';

const JSON_SETTINGS: LogSettings = { logLevel: 'info', logFormat: 'json' };
const PRETTY_SETTINGS: LogSettings = { logLevel: 'info', logFormat: 'pretty' };

/** Everything written to a stream, as text (pino-pretty writes through its own stream first). */
function capture(): { output: PassThrough; text: () => string } {
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  return { output, text: () => written };
}

/** A server that logs through the app's pino-http options and answers with `status`. */
async function serveLogged(
  settings: LogSettings,
  status: number,
): Promise<{ server: Server; url: string; text: () => string }> {
  const { output, text } = capture();
  const logger = pinoHttp(httpLoggerOptions(settings), logDestination(settings, output));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    logger(req, res);
    // The headers helmet adds in the app: they must not reach the log line.
    res.setHeader('Content-Security-Policy', "default-src 'self'");
    res.statusCode = status;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, text };
}

async function logOneRequest(settings: LogSettings, status = 200, requestId = 'trace-7') {
  const { server, url, text } = await serveLogged(settings, status);
  try {
    const response = await fetch(`${url}/orders?page=2`, {
      headers: { Authorization: 'Bearer secret-token', 'X-Request-Id': requestId },
    });
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { response, lines: text().split('\n').filter(Boolean) };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('log format', () => {
  it('should be pretty in development and JSON in production and tests', () => {
    expect(loadConfig({}).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'test' }).logFormat).toBe('json');
    const production = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://orderpay:pw@db.internal:5432/orderpay',
      JWT_SECRET: 'q7Vd2Lk9Xw4Rb8Zt1Hn6Mc3Pf5Jy0Gs-Ua_Ke',
      STRIPE_SECRET_KEY: 'sk_live_51NabcDEF123ghi',
      PAYPAL_ENABLED: 'false',
      STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
      TRUST_PROXY: 'false',
    });
    expect(production.logFormat).toBe('json');
  });

  it('should follow LOG_FORMAT either way and refuse anything else', () => {
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'test', LOG_FORMAT: 'Pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
  });
});

describe('request log line', () => {
  it('should be one JSON line with method, path, status, time and request id, without headers of the response', async () => {
    const { response, lines } = await logOneRequest(JSON_SETTINGS);

    expect(response.headers.get('x-request-id')).toBe('trace-7');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({
      level: 30,
      reqId: 'trace-7',
      req: { method: 'GET', url: '/orders?page=2' },
      res: { statusCode: 200 },
    });
    expect(line.msg).toMatch(/^GET \/orders\?page=2 200 \d+ ms$/);
    expect(typeof line.responseTime).toBe('number');
    expect(line.res.headers).toBeUndefined();
    expect(line.req.headers.authorization).toBe('[redacted]');
    expect(lines[0]).not.toContain('secret-token');
  });

  it('should be one readable line in pretty format: time, level, request, request id, nothing else', async () => {
    const { lines } = await logOneRequest(PRETTY_SETTINGS);

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/orders\?page=2 200 \d+ ms {2}req=trace-7$/);
  });

  it('should log a 4xx at warn and a bare 5xx at error without a made-up stack', async () => {
    const notFound = JSON.parse((await logOneRequest(JSON_SETTINGS, 404)).lines[0]);
    expect(notFound).toMatchObject({ level: 40, res: { statusCode: 404 } });

    const failed = JSON.parse((await logOneRequest(JSON_SETTINGS, 500)).lines[0]);
    expect(failed).toMatchObject({ level: 50, res: { statusCode: 500 } });
    expect(failed.msg).toMatch(/^GET \/orders\?page=2 500/);
    expect(failed.err).toBeUndefined();
  });

  it('should make up a request id when the given one is not sane', async () => {
    const { response, lines } = await logOneRequest(JSON_SETTINGS, 200, 'bad id with spaces');
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(lines[0]).reqId).toBe(id);
  });
});

describe(createLogger.name, () => {
  function logged(settings: LogSettings, log: (logger: ReturnType<typeof createLogger>) => void): string[] {
    const { output, text } = capture();
    log(createLogger(settings, output));
    return text().split('\n').filter(Boolean);
  }

  it("should move Nest's boot chatter to debug and leave other info lines alone", () => {
    const chatter = (logger: ReturnType<typeof createLogger>) => {
      logger.info({ context: 'RouterExplorer' }, 'Mapped {/orders, GET} route');
      logger.info({ context: 'InstanceLoader' }, 'AppModule dependencies initialized');
      logger.info({ context: 'RoutesResolver' }, 'OrdersController {/orders}:');
      logger.info({ context: 'Demo' }, 'Created 4 demo products');
    };
    expect(logged(JSON_SETTINGS, chatter).map((line) => JSON.parse(line).msg)).toEqual(['Created 4 demo products']);

    const debugLines = logged({ ...JSON_SETTINGS, logLevel: 'debug' }, chatter).map((line) => JSON.parse(line));
    expect(debugLines.map((line) => [line.level, line.context])).toEqual([
      [20, 'RouterExplorer'],
      [20, 'InstanceLoader'],
      [20, 'RoutesResolver'],
      [30, 'Demo'],
    ]);
  });

  it('should write one context key per line for a child with its own context', () => {
    const [line] = logged(JSON_SETTINGS, (logger) =>
      logger.child({ context: 'StripeEmulator' }).info({ url: 'http://x' }, 'listening'),
    );
    expect(line.match(/"context"/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ context: 'StripeEmulator', url: 'http://x', msg: 'listening' });
  });

  it('should print the context in brackets and extra fields on the same line in pretty format', () => {
    const lines = logged(PRETTY_SETTINGS, (logger) =>
      logger.child({ context: 'StripeEmulator' }).info({ url: 'http://x', password: 'hunter2' }, 'listening'),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[StripeEmulator\] listening \{"url":"http:\/\/x","password":"\[redacted\]"\}$/,
    );
  });
});
