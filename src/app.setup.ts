import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { raw } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './common/errors/validation';
import { refuseNonJsonBodies, refuseUnsafeJsonInput } from './common/http/json-input-policy';
import { ErrorResponseDto } from './common/errors/error-response.dto';
import type { AppConfig } from './config/app-config';

/** JSON bodies above this are refused with 413 before any handler runs. */
export const JSON_BODY_LIMIT = '64kb';
/** Stripe events are small, but a checkout session with 100 line items and metadata is not tiny. */
const WEBHOOK_BODY_LIMIT = '512kb';

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

/** Off when DOCS_ENABLED says so (production's default): /docs and /docs-json then answer 404. */
function setupSwagger(app: NestExpressApplication, config: AppConfig): void {
  if (!config.docsEnabled) return;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('orderpay')
      .setDescription(
        'Orders and payments for online shops. Amounts are integers in minor units (cents; yen for JPY), ' +
          'always computed by the server. Errors share one shape: `{statusCode, error, message, code}`.\n\n' +
          'To try it: `POST /auth/register`, `POST /auth/login`, then **Authorize** with the `accessToken`.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
    { extraModels: [ErrorResponseDto] },
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
