/**
 * Runs the local Stripe emulator on its own:
 *   npm run stripe-emulator   (builds, then node dist/src/stripe-emulator/main.js)
 * Settings come from the environment (see standalone-config.ts): like src/main.ts, this entry
 * point is where the environment is read. Stops on SIGINT/SIGTERM.
 */
import { readStandaloneConfig } from './standalone-config';
import { startStripeEmulator } from './stripe-emulator';
import { CONTROLS_PATH } from './controls/controls.routes';

/** One JSON object per line on stdout, like the app's own logs. */
function logLine(message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), msg: message, ...fields })}\n`);
}

async function main(): Promise<void> {
  const { options, secretGenerated } = readStandaloneConfig(process.env);
  const emulator = await startStripeEmulator({ ...options, log: logLine });

  const lines = [
    `Local Stripe emulator listening on ${emulator.url} (test mode, in memory: nothing reaches Stripe)`,
    `  SDK:       new Stripe('sk_test_<anything>', { host: '${emulator.stripeClientConfig.host}', port: ${emulator.port}, protocol: 'http' })`,
    `  Webhooks:  signed events POSTed to ${emulator.webhookUrl}`,
    secretGenerated
      ? `  Secret:    STRIPE_WEBHOOK_SECRET=${options.webhookSecret}   (generated: give the app this value)`
      : '  Secret:    STRIPE_WEBHOOK_SECRET from the environment',
    `  PayPal:    the stand-in answers PayPal's REST paths here (PAYPAL_API_URL=${emulator.url}); events POSTed to ${options.paypal?.webhookUrl}`,
    `  Controls:  ${emulator.url}${CONTROLS_PATH}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = (signal: string) => {
    logLine('stopping', { signal });
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logLine('stop failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: NodeJS.ErrnoException) => {
  const reason =
    error.code === 'EADDRINUSE' ? `port already in use (${error.message}); set STRIPE_EMULATOR_PORT` : error.message;
  process.stderr.write(`Local Stripe emulator failed to start: ${reason}\n`);
  process.exit(1);
});
