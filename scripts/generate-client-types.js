#!/usr/bin/env node
// Generates the TypeScript types of the API (openapi-typescript) from the committed OpenAPI
// document, for openapi-fetch's `createClient<paths>()`: test/client/orderpay-api.ts, which the
// generated-client e2e spec drives the app with and checks is up to date (with --stdout, in a
// process of its own: Jest cannot load openapi-typescript's ESM dependencies). Run by
// `npm run openapi` after it writes docs/openapi.json. The file is committed as generated (Prettier and ESLint ignore it).
// Usage: node scripts/generate-client-types.js [document [output]]
//        node scripts/generate-client-types.js --stdout   (prints the types of docs/openapi.json, writes nothing)
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');
const { default: openapiTS, astToString } = require('openapi-typescript');

const root = path.resolve(__dirname, '..');
const DOCUMENT = path.join(root, 'docs', 'openapi.json');
const OUTPUT = path.join(root, 'test', 'client', 'orderpay-api.ts');

const HEADER = '/**\n * generated from docs/openapi.json by npm run openapi; do not edit\n */\n\n';

/**
 * openapi-typescript's defaults, except `defaultNonNullable`: by default a property with a
 * `default` becomes required even in a request body when the body is a $ref'd component schema
 * (the `active` of a product, the `reason` of a refund), although the server fills it in.
 */
const OPTIONS = { defaultNonNullable: false, silent: true };

/** The generated file's text for the text of an OpenAPI document. */
async function generateClientTypes(documentText) {
  const ast = await openapiTS(JSON.parse(documentText), OPTIONS);
  return HEADER + astToString(ast);
}

async function main(args) {
  if (args[0] === '--stdout') {
    process.stdout.write(await generateClientTypes(readFileSync(DOCUMENT, 'utf8')));
    return;
  }
  const [document = DOCUMENT, output = OUTPUT] = args;
  const text = await generateClientTypes(readFileSync(document, 'utf8'));
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, text);
  console.log(`Client types written to ${path.relative(process.cwd(), output)}`);
}

module.exports = { generateClientTypes, DOCUMENT, OUTPUT };

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`generate-client-types failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
