import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { AppModule } from '../app.module';
import { createOpenApiDocument } from '../app.setup';
import { loadConfig } from '../config/app-config';

/**
 * `npm run openapi`: writes the OpenAPI document of the app's routes (what /docs-json serves) to
 * docs/openapi.json, the committed contract client authors generate from. The app is built in
 * Nest's preview mode: routes and their metadata, no provider instantiated, so nothing connects
 * to PostgreSQL or a payment provider.
 */
export async function writeOpenApiDocument(file: string): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://preview.invalid/orderpay'), {
    preview: true,
    logger: false,
  });
  writeFileSync(file, serializeOpenApiDocument(createOpenApiDocument(app)));
  await app.close();
}

/** One stable text form, so the committed file and a fresh one compare byte for byte. */
function serializeOpenApiDocument(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  const file = process.argv[2] ?? 'docs/openapi.json';
  writeOpenApiDocument(file).then(
    () => console.log(`OpenAPI document written to ${file}`),
    (error: unknown) => {
      console.error(`openapi failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
