import { transformFileSync } from '@swc/core';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { waitFor } from '../src/stripe-emulator/testing/wait-for';
import { PASSWORD, uniqueEmail } from './support/factories';
import { fetchApp } from './support/openapi-checks';
import { createTestDatabase } from './support/test-database';

/**
 * The in-app Stripe emulator as `npm start` runs it (src/main.ts in a child process): where it
 * listens (STRIPE_EMULATOR_HOST) and which base URL the checkout page is given to browsers under
 * (STRIPE_EMULATOR_PUBLIC_URL), for containers, remote machines and cloud IDEs.
 */
const ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'orderpay-tests');
/** Another loopback address: a server bound to 127.0.0.1 refuses it, one bound to 0.0.0.0 answers. */
const OTHER_LOCAL_ADDRESS = '127.0.0.2';

/** Compiles src/ (as .swcrc does, without the specs) under `outDir`; returns main.js's path. */
function compileApp(outDir: string): string {
  const compile = (relative: string) => {
    for (const entry of readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      const source = path.join(relative, entry.name);
      if (entry.isDirectory()) compile(source);
      else if (/(?<!\.spec|\.d)\.ts$/.test(entry.name)) {
        const { code } = transformFileSync(path.join(ROOT, source), {
          swcrc: false,
          module: { type: 'commonjs' },
          jsc: {
            target: 'es2023',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            keepClassNames: true,
          },
        });
        mkdirSync(path.join(outDir, relative), { recursive: true });
        writeFileSync(path.join(outDir, source.replace(/\.ts$/, '.js')), code);
      }
    }
  };
  compile('src');
  return path.join(outDir, 'src', 'main.js');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface RunningApp {
  baseUrl: string;
  emulatorPort: number;
  databaseUrl: string;
  stop: () => Promise<void>;
}

async function sql<T>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function startApp(mainJs: string, dataDir: string, env: Record<string, string>): Promise<RunningApp> {
  const database = await createTestDatabase();
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(process.execPath, [mainJs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      JWT_SECRET: 'test-only-jwt-secret-0123456789abcdefghijklmnop',
      PORT: String(port),
      STRIPE_EMULATOR_PORT: String(emulatorPort),
      LOG_LEVEL: 'silent',
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (running) child.kill('SIGINT');
    await exited;
    await database.drop();
  };
  try {
    await waitFor(
      async () => {
        if (!running) throw new Error(`the app exited:\n${output}`);
        return (await fetchApp(`${baseUrl}/health/live`)).ok;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the app to answer /health/live' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, emulatorPort, databaseUrl: database.url, stop };
}

async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  // The app's answers are checked against docs/openapi.json (openapi-checks.ts).
  const response = await fetchApp(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Registers a customer, orders a product of its own and asks to pay: the answer of /pay. */
async function payForAnOrder(app: RunningApp): Promise<{ status: number; body: any }> {
  const [product] = await sql<{ id: string }>(
    app.databaseUrl,
    `INSERT INTO products (sku, name, unit_amount) VALUES ($1, 'Test product', 1000) RETURNING id`,
    [`SKU-${randomUUID().slice(0, 8)}`],
  );
  const email = uniqueEmail('address');
  expect((await postJson(`${app.baseUrl}/auth/register`, { email, password: PASSWORD })).status).toBe(201);
  const { accessToken } = (await postJson(`${app.baseUrl}/auth/login`, { email, password: PASSWORD })).body;
  const order = await postJson(
    `${app.baseUrl}/orders`,
    { items: [{ productId: product.id, quantity: 1 }] },
    accessToken,
  );
  expect(order.status).toBe(201);
  return postJson(`${app.baseUrl}/orders/${order.body.id}/pay`, { paymentMethod: 'stripe' }, accessToken);
}

async function storedCheckoutUrl(databaseUrl: string, paymentId: string): Promise<string | undefined> {
  const rows = await sql<{ checkout_url: string }>(databaseUrl, 'SELECT checkout_url FROM payments WHERE id = $1', [
    paymentId,
  ]);
  return rows[0]?.checkout_url;
}

async function answersOn(address: string, port: number, pathname: string): Promise<number | 'refused'> {
  try {
    return (await fetch(`http://${address}:${port}${pathname}`)).status;
  } catch {
    return 'refused';
  }
}

describe('The in-app Stripe emulator address (src/main.ts in a child process)', () => {
  let workDir: string;
  let mainJs: string;

  beforeAll(async () => {
    mkdirSync(CACHE_DIR, { recursive: true });
    workDir = await mkdtemp(path.join(CACHE_DIR, 'emulator-address-'));
    mainJs = compileApp(path.join(workDir, 'app'));
  }, 60_000);
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('should give browsers checkout URLs under STRIPE_EMULATOR_PUBLIC_URL and listen on STRIPE_EMULATOR_HOST', async () => {
    const app = await startApp(mainJs, path.join(workDir, 'public'), {
      STRIPE_EMULATOR_HOST: '0.0.0.0',
      STRIPE_EMULATOR_PUBLIC_URL: 'https://orderpay-devbox.example.test:8443/',
    });
    try {
      const pay = await payForAnOrder(app);

      expect(pay.status).toBe(201);
      const checkoutUrl = new URL(pay.body.checkoutUrl);
      expect(checkoutUrl.origin).toBe('https://orderpay-devbox.example.test:8443');
      expect(await storedCheckoutUrl(app.databaseUrl, pay.body.paymentId)).toBe(pay.body.checkoutUrl);
      // The page behind that URL is served on every interface, not only on 127.0.0.1.
      expect(await answersOn(OTHER_LOCAL_ADDRESS, app.emulatorPort, checkoutUrl.pathname)).toBe(200);
    } finally {
      await app.stop();
    }
  }, 60_000);

  it('should listen on 127.0.0.1 only and give checkout URLs there when neither is set', async () => {
    const app = await startApp(mainJs, path.join(workDir, 'default'), {});
    try {
      const pay = await payForAnOrder(app);

      expect(pay.status).toBe(201);
      const checkoutUrl = new URL(pay.body.checkoutUrl);
      expect(checkoutUrl.origin).toBe(`http://127.0.0.1:${app.emulatorPort}`);
      expect(await storedCheckoutUrl(app.databaseUrl, pay.body.paymentId)).toBe(pay.body.checkoutUrl);
      expect(await answersOn('127.0.0.1', app.emulatorPort, checkoutUrl.pathname)).toBe(200);
      expect(await answersOn(OTHER_LOCAL_ADDRESS, app.emulatorPort, checkoutUrl.pathname)).toBe('refused');
    } finally {
      await app.stop();
    }
  }, 60_000);
});
