import { Agent } from 'node:http';
import { createConnection, type NetConnectOpts, type Socket } from 'node:net';
import { Client, Environment, OrdersController, PaymentsController } from '@paypal/paypal-server-sdk';

/**
 * The SDK only knows PayPal's two hosts (no base URL option), but it takes an `httpsAgent`.
 * This one opens plain TCP connections to the stand-in for every `https://api-m.*.paypal.com`
 * request: the SDK sends PayPal's own paths, `Host: api-m.sandbox.paypal.com` included.
 * Node checks an agent's `protocol` against the URL's, hence `https:` on a plain agent.
 */
export class PayPalStandInAgent extends Agent {
  readonly protocol = 'https:';
  private readonly target: { host: string; port: number };

  constructor(baseUrl: string) {
    super({ keepAlive: false });
    const url = new URL(baseUrl);
    this.target = { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) };
  }

  override createConnection(
    _options: NetConnectOpts,
    callback?: (error: Error | null, socket: Socket) => void,
  ): Socket {
    const socket = createConnection(this.target);
    if (callback) socket.once('connect', () => callback(null, socket));
    return socket;
  }
}

export interface PayPalSdk {
  client: Client;
  orders: OrdersController;
  payments: PaymentsController;
}

/**
 * The official SDK as the app will build it, pointed at the stand-in. No `logging` option: any
 * value turns on the SDK's console logger for every request, whatever its `logLevel`.
 */
export function newPayPalSdk(
  baseUrl: string,
  credentials = { id: 'emulator-client-id', secret: 'emulator-secret' },
): PayPalSdk {
  const client = new Client({
    clientCredentialsAuthCredentials: { oAuthClientId: credentials.id, oAuthClientSecret: credentials.secret },
    environment: Environment.Sandbox,
    timeout: 5000,
    httpClientOptions: { httpsAgent: new PayPalStandInAgent(baseUrl), retryConfig: { maxNumberOfRetries: 0 } },
  });
  return { client, orders: new OrdersController(client), payments: new PaymentsController(client) };
}
