import { Agent } from 'node:http';
import { createConnection, type NetConnectOpts, type Socket } from 'node:net';
import { Client, Environment, OrdersController, PaymentsController } from '@paypal/paypal-server-sdk';
import type { AppConfig } from '../../../config/app-config';
import { PAYPAL_LIVE_API_URL, PAYPAL_SANDBOX_API_URL } from '../../../config/environment';

/**
 * The SDK knows only PayPal's two hosts (no base-URL option) but takes an `httpsAgent`. For a
 * stand-in at an `http://` URL (the local emulator; never in production, config refuses it),
 * this agent opens plain TCP connections to it: the SDK's requests arrive with PayPal's own
 * paths. Node checks an agent's `protocol` against the URL's, hence `https:` on a plain agent.
 */
class PayPalStandInAgent extends Agent {
  readonly protocol = 'https:';
  private readonly target: { host: string; port: number };

  constructor(baseUrl: URL) {
    super({ keepAlive: true });
    this.target = { host: baseUrl.hostname.replace(/^\[|\]$/g, ''), port: Number(baseUrl.port || 80) };
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

/** One agent per stand-in URL, kept across the clients the provider makes (see renewClientAfter). */
const standInAgents = new Map<string, PayPalStandInAgent>();

function standInAgent(apiUrl: string): PayPalStandInAgent {
  let agent = standInAgents.get(apiUrl);
  if (!agent) {
    agent = new PayPalStandInAgent(new URL(apiUrl));
    standInAgents.set(apiUrl, agent);
  }
  return agent;
}

/** Renew a token this long before PayPal says it expires: a call in flight must not carry a dead one. */
export const TOKEN_CLOCK_SKEW_SECONDS = 60;

export interface PayPalApi {
  client: Client;
  orders: OrdersController;
  payments: PaymentsController;
  /** Where calls the SDK lacks (verify-webhook-signature) go. */
  baseUrl: string;
  /** False for a stand-in (the emulator): its deliveries name its own address, not PayPal's. */
  talksToPayPal: boolean;
}

/** The official SDK client, pointed at PayPal (live or sandbox) or at a stand-in. */
export function createPayPalApi(config: AppConfig): PayPalApi {
  const { clientId, clientSecret, apiUrl } = config.payments.paypal;
  if (!clientId || !clientSecret) throw new Error('No PayPal credentials configured');
  const standIn = apiUrl !== PAYPAL_LIVE_API_URL && apiUrl !== PAYPAL_SANDBOX_API_URL;
  const client = new Client({
    clientCredentialsAuthCredentials: {
      oAuthClientId: clientId,
      oAuthClientSecret: clientSecret,
      oAuthClockSkew: TOKEN_CLOCK_SKEW_SECONDS,
    },
    environment: apiUrl === PAYPAL_LIVE_API_URL ? Environment.Production : Environment.Sandbox,
    // One slow PayPal call must not hold a request for long. No `logging`: any value turns on
    // the SDK's console logger for every request and answer.
    timeout: 10_000,
    httpClientOptions: {
      // No SDK retries (it would retry only reads): a failed call is retried where orderpay
      // decides (the provider's webhook redelivery, the reconciler, the refund queue), and every
      // create, capture and refund carries a PayPal-Request-Id, so a repeat takes no money twice.
      retryConfig: { maxNumberOfRetries: 0 },
      ...(standIn && { httpsAgent: standInAgent(apiUrl) }),
    },
  });
  return {
    client,
    orders: new OrdersController(client),
    payments: new PaymentsController(client),
    baseUrl: apiUrl,
    talksToPayPal: !standIn,
  };
}
