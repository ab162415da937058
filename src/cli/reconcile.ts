import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { ConfigValidationError } from '../config/environment';
import { runMigrations } from '../database/migrate';
import { ReconcilerService } from '../payments/reconciliation/reconciler.service';

/**
 * `npm run reconcile`: one reconciler run from a shell or a cron job, against the configured
 * PostgreSQL and Stripe. Safe beside running instances: every run claims its rows (SKIP LOCKED), so none is read twice at once.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.database.url || config.usesEmulator) {
    throw new Error(
      'The reconcile command needs DATABASE_URL, STRIPE_SECRET_KEY (or STRIPE_API_URL) and PayPal credentials ' +
        '(PAYPAL_CLIENT_ID..., or PAYPAL_API_URL, or PAYPAL_ENABLED=false). ' +
        'With the zero-configuration setup, run it from the running app instead: POST /admin/reconciliation/run.',
    );
  }
  await runMigrations(config.database.url);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, config.database.url), {
    logger: ['error', 'warn'],
  });
  try {
    const report = await app.get(ReconcilerService).run();
    console.log(JSON.stringify(report));
    process.exitCode = report.errors > 0 ? 1 : 0;
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(
    error instanceof ConfigValidationError
      ? error.message
      : `reconcile failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
