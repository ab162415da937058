import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { raw } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/errors/validation';
import {
  JSON_BODY_LIMIT,
  WEBHOOK_BODY_LIMIT,
  refuseNonJsonBodies,
  refuseUnsafeJsonInput,
} from './common/http/json-input-policy';
import { completeOpenApiDocument } from './common/http/openapi-document';
import { ErrorResponseDto } from './common/errors/error-response.dto';
import type { AppConfig } from './config/app-config';

/**
 * Everything about the HTTP surface that is not a route: used by main.ts and by the e2e tests,
 * so tests run the app exactly as it is served.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): NestExpressApplication {
  app.useLogger(app.get(Logger));
  // Webhooks are verified on the exact bytes the provider signed: keep them raw, unparsed.
  app.use('/webhooks', raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }));
  // Every other route takes JSON only, checked before any DTO sees it (json-input-policy.ts).
  app.use(refuseNonJsonBodies);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.use(refuseUnsafeJsonInput);
  // No upgrade-insecure-requests: Swagger UI served over plain http (a dev box, an internal host)
  // would have its scripts rewritten to https and break.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.enableCors({ origin: config.corsOrigins, credentials: false });
  app.useGlobalPipes(createValidationPipe());
  app.set('trust proxy', config.trustProxy);
  setupSwagger(app, config);
  return app;
}

/** The document's tags, in the order a reader needs them, each with what it holds. */
const DOCUMENT_TAGS: [name: string, description: string][] = [
  ['auth', 'Register, log in and read who you are: the bearer token the other routes take'],
  ['products', 'The catalog orders are made from'],
  ['orders', 'A customer’s orders: place, read, cancel'],
  [
    'payments',
    'Pay an order through Stripe or PayPal Checkout, its payment attempts, and the checkout status a return page shows',
  ],
  ['webhooks', 'Called by the payment providers (Stripe, PayPal), not by clients'],
  ['admin', 'For shop admins: any order, refunds, products, the webhook inbox, reconciliation'],
  ['health', 'Liveness and readiness, for load balancers and orchestrators'],
];

/** The version in the nearest package.json up from this file (src/ in tests, dist/src/ when built). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

/** Off when DOCS_ENABLED says so (production's default): /docs and /docs-json then answer 404. */
function setupSwagger(app: NestExpressApplication, config: AppConfig): void {
  if (!config.docsEnabled) return;
  SwaggerModule.setup('docs', app, createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}

/**
 * The OpenAPI document of the app's routes: what /docs-json serves, and what `npm run openapi`
 * writes to docs/openapi.json for client authors.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder();
  for (const [name, description] of DOCUMENT_TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(
    app,
    builder
      .setTitle('orderpay')
      .setDescription(
        'Orders and payments for online shops. Amounts are integers in minor units (cents; yen for JPY), ' +
          'always computed by the server. Errors share one shape: `{statusCode, error, message, code}`.\n\n' +
          'To try it: `POST /auth/register`, `POST /auth/login`, then **Authorize** with the `accessToken`.',
      )
      .setVersion(packageVersion())
      .setLicense('MIT', 'https://opensource.org/licenses/MIT')
      // Relative: the document describes the instance that serves it, whatever its address.
      .addServer('/', 'This orderpay instance')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    // Tags come from @ApiTags only: a controller without one must not get a tag made from its class name.
    { extraModels: [ErrorResponseDto], autoTagControllers: false },
  );
  return completeOpenApiDocument(document);
}
