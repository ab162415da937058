import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

const COMMITTED = path.join(__dirname, '..', 'docs', 'openapi.json');

describe('The committed OpenAPI document (docs/openapi.json)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('should be exactly what the app serves at /docs-json (after a change to the routes: npm run openapi)', async () => {
    const { body } = await t.http().get('/docs-json').expect(200);
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(body).toEqual(committed);
  });
});
