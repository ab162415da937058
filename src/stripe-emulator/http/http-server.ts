import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { unrecognizedUrl } from '../api/api-errors';
import type { EmulatorLogger } from '../support/logger';
import { sendJson } from './http-io';
import type { Router } from './router';

/** One `node:http` server for the API, the checkout page and the test controls. */
export function createEmulatorServer(router: Router, log: EmulatorLogger): Server {
  return createServer((req, res) => {
    dispatch(router, log, req, res).catch((error: unknown) => {
      log('emulator request failed', { method: req.method, path: req.url, error: describe(error) });
      if (!res.headersSent) {
        sendJson(res, 500, {
          error: { type: 'api_error', message: `The local Stripe emulator failed: ${describe(error)}` },
        });
      } else {
        res.destroy();
      }
    });
  });
}

async function dispatch(router: Router, log: EmulatorLogger, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const match = router.match(method, url.pathname);
  if (match) return match.route.handle({ req, res, url, params: match.params });
  req.resume();
  if (url.pathname.startsWith('/v1/')) return sendJson(res, 404, unrecognizedUrl(method, url.pathname));
  log('emulator route not found', { method, path: url.pathname });
  sendJson(res, 404, { error: { type: 'invalid_request_error', message: `No route ${method} ${url.pathname}` } });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Listens and resolves with the port actually bound (port 0 picks a free one). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Closes the server and every connection it holds, keep-alive ones included. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
