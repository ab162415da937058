import { randomBytes } from 'node:crypto';
import { sleep } from './processes';

export interface Answer {
  /** 0 when no answer came (connection refused or cut). */
  status: number;
  body: any;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined = options.raw;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.body);
  }
  try {
    const res = await fetch(`${base}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: kept as text for the failure message.
    }
    return { status: res.status, body };
  } catch {
    return { status: 0, body: undefined };
  }
}

/** The instances of a run, taken in turn; a dead or failing one is skipped by the retry. */
export class Fleet {
  private next = 0;

  constructor(private readonly urls: () => string[]) {}

  pick(): string {
    const urls = this.urls();
    return urls[this.next++ % urls.length];
  }

  all(): string[] {
    return this.urls();
  }

  /**
   * An API call sent until it is answered by something other than an outage (no answer, 5xx)
   * within `withinMs`: as a client behind a load balancer would retry it on another instance.
   */
  async send(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; withinMs?: number } = {},
  ): Promise<Answer> {
    const deadline = Date.now() + (options.withinMs ?? 120_000);
    for (let attempt = 0; ; attempt++) {
      const answer = await call(this.pick(), method, path, options);
      if (answer.status !== 0 && answer.status < 500) return answer;
      if (Date.now() > deadline) return answer;
      await sleep(Math.min(50 * 2 ** attempt, 1000));
    }
  }
}

/** Runs `work` on every item, `concurrency` at a time. */
export async function inPool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export class UnexpectedAnswer extends Error {
  constructor(what: string, answer: Answer) {
    super(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

function expectStatus(what: string, answer: Answer, ...statuses: number[]): Answer {
  if (!statuses.includes(answer.status)) throw new UnexpectedAnswer(what, answer);
  return answer;
}

export interface Customer {
  email: string;
  token: string;
}

export async function registerCustomers(fleet: Fleet, count: number): Promise<Customer[]> {
  return inPool(Array.from({ length: count }), 8, async () => {
    const email = `reliability-${randomBytes(6).toString('hex')}@example.test`;
    const password = `Reliable-${randomBytes(12).toString('base64url')}`;
    expectStatus('register', await fleet.send('POST', '/auth/register', { body: { email, password } }), 201);
    const login = expectStatus('login', await fleet.send('POST', '/auth/login', { body: { email, password } }), 200);
    return { email, token: login.body.accessToken as string };
  });
}

export async function login(fleet: Fleet, email: string, password: string): Promise<string> {
  const answer = expectStatus(
    'admin login',
    await fleet.send('POST', '/auth/login', { body: { email, password } }),
    200,
  );
  return answer.body.accessToken as string;
}

export interface Product {
  id: string;
  unitAmount: number;
}

export async function products(fleet: Fleet): Promise<Product[]> {
  const answer = expectStatus('products', await fleet.send('GET', '/products'), 200);
  const list = answer.body?.data as Product[];
  if (!list?.length) throw new UnexpectedAnswer('products: the catalog is empty', answer);
  return list;
}

export interface PlacedOrder {
  orderId: string;
  customer: Customer;
  totalAmount: number;
  /** Set once /pay answered. */
  paymentId?: string;
  sessionId?: string;
}

/** POST /orders with one or two lines of the catalog. */
export async function placeOrder(
  fleet: Fleet,
  customer: Customer,
  catalog: Product[],
  seed: number,
): Promise<PlacedOrder> {
  const first = catalog[seed % catalog.length];
  const items = [{ productId: first.id, quantity: 1 + (seed % 3) }];
  if (seed % 2 === 1) items.push({ productId: catalog[(seed + 1) % catalog.length].id, quantity: 1 });
  const answer = expectStatus(
    'POST /orders',
    await fleet.send('POST', '/orders', { token: customer.token, body: { items } }),
    201,
  );
  return { orderId: answer.body.id as string, customer, totalAmount: answer.body.totalAmount as number };
}

/** POST /orders/:id/pay: 201 (new session) or 200 (the same one); the session id is the URL's last segment. */
export async function pay(fleet: Fleet, order: PlacedOrder, withinMs?: number): Promise<Answer> {
  const answer = await fleet.send('POST', `/orders/${order.orderId}/pay`, {
    token: order.customer.token,
    body: { paymentMethod: 'stripe' },
    withinMs,
  });
  if (answer.status === 200 || answer.status === 201) {
    order.paymentId = answer.body.paymentId as string;
    order.sessionId = new URL(answer.body.checkoutUrl as string).pathname.split('/').pop();
  }
  return answer;
}

export function payOrThrow(fleet: Fleet, order: PlacedOrder, withinMs?: number): Promise<Answer> {
  return pay(fleet, order, withinMs).then((answer) => expectStatus(`pay ${order.orderId}`, answer, 200, 201));
}
