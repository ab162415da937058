import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeOpenApiDocument } from '../src/cli/openapi';
import { ErrorCode } from '../src/common/errors/domain-error';
import { createTestApp, TestApp } from './support/test-app';

const COMMITTED = path.join(__dirname, '..', 'docs', 'openapi.json');

interface Schema {
  type?: string;
  format?: string;
  minimum?: number;
  enum?: unknown[];
  $ref?: string;
  allOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; schema: Schema }[];
  responses: Record<
    string,
    { description: string; content?: Record<string, { example?: unknown; examples?: object }> }
  >;
}

const document = JSON.parse(readFileSync(COMMITTED, 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
  tags: { name: string }[];
};
const operations = Object.entries(document.paths).flatMap(([route, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${route}`, operation })),
);
/** Every property of every component schema, as `Schema.property`. */
const properties = Object.entries(document.components.schemas).flatMap(([schemaName, schema]) =>
  Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    where: `${schemaName}.${name}`,
    name,
    property,
  })),
);
/** The codes an error response's schema allows: one named `…Error` schema, or a oneOf of them. */
function codesOf(schema: Schema & { oneOf?: Schema[] }): unknown[] {
  if (schema.oneOf) return schema.oneOf.flatMap((member) => codesOf(member));
  const named = document.components.schemas[schema.$ref!.split('/').pop()!];
  expect(named.allOf![0]).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
  return named.allOf![1].properties!.code.enum!;
}

/** Ids that are the provider's or the log's, not ours: not UUIDs. */
const FOREIGN_IDS = new Set(['eventId', 'providerRefundId', 'requestId']);
const MONEY = /^(amount|unitAmount|totalAmount|lineTotal|amount[A-Z]\w*|receivedAmount)$/;

describe('The committed OpenAPI document (docs/openapi.json)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should be exactly what the app serves at /docs-json (after a change to the routes: npm run openapi)', async () => {
    const { body } = await t.http().get('/docs-json').expect(200);
    expect(body).toEqual(document);
  });

  it('should be what `npm run openapi` writes, byte for byte', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'orderpay-openapi-'));
    try {
      await writeOpenApiDocument(path.join(folder, 'openapi.json'));
      expect(readFileSync(path.join(folder, 'openapi.json'), 'utf8')).toBe(readFileSync(COMMITTED, 'utf8'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('should give every operation a short unique camelCase id, a tag, and a security requirement', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(operations.length);
    for (const { name, operation } of operations) {
      expect({ name, id: operation.operationId }).toEqual({ name, id: expect.stringMatching(/^[a-z][A-Za-z]{2,30}$/) });
      expect({ name, tags: operation.tags }).toEqual({ name, tags: [expect.any(String)] });
      expect({ name, security: operation.security }).toEqual({ name, security: expect.any(Array) });
    }
    expect(document.paths['/orders/{id}/pay'].post.operationId).toBe('payOrder');
    expect(document.tags.map((tag) => tag.name)).toEqual([
      'auth',
      'products',
      'orders',
      'payments',
      'webhooks',
      'admin',
      'health',
    ]);
  });

  it('should describe every response and give it an example', () => {
    for (const { name, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const where = `${name} ${status}`;
        expect({ where, description: response.description }).toEqual({
          where,
          description: expect.stringMatching(/\w/),
        });
        const media = response.content?.['application/json'];
        expect({ where, example: media?.example ?? media?.examples }).toEqual({ where, example: expect.anything() });
      }
    }
  });

  it('should name the error codes each error response can carry, from ErrorCode only', () => {
    const known = Object.values(ErrorCode);
    for (const { name, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const codes = codesOf((response.content!['application/json'] as unknown as { schema: Schema }).schema);
        expect({ where: `${name} ${status}`, codes }).toEqual({
          where: `${name} ${status}`,
          codes: expect.arrayContaining([expect.any(String)]),
        });
        for (const code of codes) expect(known).toContain(code);
      }
    }
  });

  it('should type money as integers of at least 0, ids as UUIDs and times as date-time (no `number` anywhere)', () => {
    expect(JSON.stringify(document)).not.toContain('"type":"number"');
    expect(JSON.stringify(document)).not.toMatch(/"type":\s*"number"/);
    for (const { where, name, property } of properties) {
      if (MONEY.test(name)) {
        expect({ where, type: property.type, format: property.format }).toEqual({
          where,
          type: 'integer',
          format: 'int64',
        });
        expect({ where, atLeastZero: property.minimum! >= 0 }).toEqual({ where, atLeastZero: true });
      }
      if ((name === 'id' || name.endsWith('Id')) && !FOREIGN_IDS.has(name)) {
        expect({ where, format: property.format }).toEqual({ where, format: 'uuid' });
      }
      if (name.endsWith('At') || name === 'at')
        expect({ where, format: property.format }).toEqual({ where, format: 'date-time' });
    }
    for (const { name, operation } of operations) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && parameter.name === 'id') {
          expect({ where: name, format: parameter.schema.format }).toEqual({ where: name, format: 'uuid' });
        }
      }
    }
  });

  it('should describe the error shape the API answers, with per-field details', () => {
    expect(document.components.schemas.ErrorResponse.properties).toMatchObject({
      statusCode: { type: 'integer' },
      code: { allOf: [{ $ref: '#/components/schemas/ErrorCode' }] },
      details: { type: 'array', items: { $ref: '#/components/schemas/FieldProblem' } },
    });
    expect(document.components.schemas.FieldProblem.properties).toMatchObject({
      field: { type: 'string' },
      messages: { type: 'array', items: { type: 'string' } },
    });
    expect(document.components.schemas.ErrorCode.enum).toEqual(Object.values(ErrorCode));
  });

  it('should list one signature header on the Stripe webhook', () => {
    const headers = (document.paths['/webhooks/stripe'].post.parameters ?? []).filter((p) => p.in === 'header');
    expect(headers.map((header) => header.name)).toEqual(['Stripe-Signature']);
  });
});
