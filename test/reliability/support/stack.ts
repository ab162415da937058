import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Answer, call, Fleet, login } from './api';
import { APP_MAIN, EMULATOR_MAIN, freePort, NodeProcess, trackFolder } from './processes';

export const WEBHOOK_SECRET = 'whsec_reliability_suite_0123456789abcdef';
const JWT_SECRET = 'reliability-suite-jwt-secret-0123456789abcdef';
export const ADMIN = { email: 'admin@reliability.test', password: 'Reliability-admin-0123' };

export interface StackOptions {
  name: string;
  instances: number;
  /** What the instances get as DATABASE_URL (PostgreSQL itself, or PgBouncer in front of it). */
  databaseUrl: string;
  /** Extra environment for the instances (DB_PGBOUNCER=true). */
  env?: Record<string, string>;
}

/**
 * One run's processes: a standalone Stripe emulator whose own webhook delivery is off (the
 * suite's driver delivers its events), and N app instances on one database, started from the
 * build as `npm start` runs it. Logs go to a temporary folder, shown when something fails.
 */
export class Stack {
  readonly fleet: Fleet;
  adminToken = '';

  private constructor(
    readonly emulator: NodeProcess,
    readonly apps: NodeProcess[],
    private readonly folder: string,
    private readonly untrackFolder: () => void,
  ) {
    this.fleet = new Fleet(() => this.apps.filter((app) => app.running).map((app) => app.url));
  }

  static async start(options: StackOptions): Promise<Stack> {
    const folder = mkdtempSync(path.join(tmpdir(), `orderpay-reliability-${options.name}-`));
    const untrackFolder = trackFolder(folder);
    const emulatorPort = await freePort();
    const emulator = new NodeProcess(
      'stripe-emulator',
      emulatorPort,
      EMULATOR_MAIN,
      {
        STRIPE_EMULATOR_PORT: String(emulatorPort),
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        // Bank debits settle when the suite says so (the async_* controls), not on a timer.
        STRIPE_EMULATOR_ASYNC_OUTCOME: 'manual',
      },
      path.join(folder, 'stripe-emulator.log'),
      '/_emulator',
    );
    const apps: NodeProcess[] = [];
    for (let i = 0; i < options.instances; i++) {
      const port = await freePort();
      const env = {
        NODE_ENV: 'test',
        PORT: String(port),
        DATABASE_URL: options.databaseUrl,
        JWT_SECRET,
        STRIPE_API_URL: `http://127.0.0.1:${emulatorPort}`,
        STRIPE_SECRET_KEY: 'sk_test_reliability',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        // PayPal on the same emulator: no instance starts one of its own.
        PAYPAL_API_URL: `http://127.0.0.1:${emulatorPort}`,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // The suite is one client address sending thousands of requests a minute.
        AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
        PAY_RATE_LIMIT_PER_MINUTE: '1000000',
        // Reconciler runs are the suite's to start (POST /admin/reconciliation/run).
        RECONCILE_INTERVAL_SECONDS: '0',
        RECONCILE_AFTER_MINUTES: '1',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        ...options.env,
      };
      apps.push(
        new NodeProcess(`app-${i + 1}`, port, APP_MAIN, env, path.join(folder, `app-${i + 1}.log`), '/health/ready'),
      );
    }
    const stack = new Stack(emulator, apps, folder, untrackFolder);
    try {
      await emulator.start();
      // Events are kept (GET /_emulator/events), not sent: the driver is Stripe's delivery here.
      await stack.control('PUT', '/webhook', {});
      // One first, so its migrations and the admin bootstrap are done before the others race.
      await apps[0].start();
      await Promise.all(apps.slice(1).map((app) => app.start()));
      stack.adminToken = await login(stack.fleet, ADMIN.email, ADMIN.password);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** A call to the emulator's test controls (`/_emulator/...`); throws unless answered 200. */
  async control(method: string, controlPath: string, body?: unknown): Promise<Answer> {
    const answer = await call(this.emulator.url, method, `/_emulator${controlPath}`, { body });
    if (answer.status !== 200) {
      throw new Error(`emulator ${method} ${controlPath}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer;
  }

  /** The last lines of every process's log, for a failure message. */
  logs(): string {
    return [this.emulator, ...this.apps].map((p) => `--- ${p.name}\n${p.logTail(15)}`).join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps, this.emulator].map((p) => p.stop()));
    rmSync(this.folder, { recursive: true, force: true });
    this.untrackFolder();
  }
}
