import { type Failure, fetchApp, formatFailures, type Origin, watchResponses } from './support/openapi-checks';
import { type ObservedResponse, OpenApiResponses } from './support/openapi-responses';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The response checks (test/support/openapi-*.ts) can fail: synthetic responses against a small
 * document of their own (stable while docs/openapi.json changes), then the hook on real requests.
 */

const error = { $ref: '#/components/schemas/ErrorResponse' };
const json = (schema: object) => ({ description: '', content: { 'application/json': { schema } } });
const DOCUMENT = {
  openapi: '3.0.0',
  paths: {
    '/things/{id}': {
      get: { responses: { '200': json({ $ref: '#/components/schemas/ThingDto' }), '404': json(error) } },
    },
    '/things/mine': {
      get: { responses: { '200': json({ type: 'array', items: { $ref: '#/components/schemas/ThingDto' } }) } },
    },
    '/things': { post: { responses: { '201': json({ $ref: '#/components/schemas/ThingDto' }), '4XX': json(error) } } },
    '/things/{id}/ping': { post: { responses: { '204': { description: 'nothing' }, default: json(error) } } },
  },
  components: {
    schemas: {
      ErrorResponse: {
        type: 'object',
        properties: { statusCode: { type: 'number' }, message: { type: 'string' }, code: { type: 'string' } },
        required: ['statusCode', 'message', 'code'],
      },
      OwnerDto: { type: 'object', properties: { email: { type: 'string', format: 'email' } }, required: ['email'] },
      ThingDto: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid', example: 'not-a-uuid: examples are not checked' },
          count: { type: 'integer', minimum: 0 },
          note: { type: 'string', nullable: true },
          // OpenAPI 3.0.3: a nullable enum takes null only when it lists it.
          state: { type: 'string', enum: ['new', 'old', null], nullable: true },
          phase: { type: 'string', enum: ['a', 'b'], nullable: true },
          // nestjs/swagger's shape for a nullable nested DTO: ajv's own `nullable` refuses it.
          owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/OwnerDto' }] },
          createdAt: { type: 'string', format: 'date-time' },
        },
        required: ['id', 'count', 'note', 'state', 'owner', 'createdAt'],
      },
    },
  },
};

const THING = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  count: 3,
  note: 'a note',
  state: 'new',
  owner: { email: 'a@example.test' },
  createdAt: '2026-01-02T03:04:05.000Z',
};
const NOT_FOUND = { statusCode: 404, message: 'Cannot GET /nope', code: 'ROUTE_NOT_FOUND' };

const answer = (method: string, url: string, status: number, body?: unknown, contentType = 'application/json') => ({
  method,
  url,
  status,
  contentType: body === undefined ? undefined : contentType,
  text: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
});

describe('OpenAPI response checks (test/support/openapi-*.ts)', () => {
  const checks = new OpenApiResponses(DOCUMENT);
  const kinds = (response: ObservedResponse) => checks.check(response).problems.map((p) => p.kind);
  const schemaErrors = (response: ObservedResponse) =>
    checks
      .check(response)
      .problems.flatMap((p) => p.errors ?? [])
      .map((e) => `${e.instancePath} ${e.schema}`);

  it('should pass a documented response, by its exact status, its 4XX range or default', () => {
    expect(checks.check(answer('GET', '/things/abc?expand=1', 200, THING))).toEqual({
      route: 'GET /things/{id}',
      outcome: 'documented',
      pair: 'GET /things/{id} 200',
      problems: [],
      undeclared: [],
    });
    expect(checks.check(answer('POST', '/things/', 429, { ...NOT_FOUND, statusCode: 429 })).pair).toBe(
      'POST /things 4XX',
    );
    expect(checks.check(answer('POST', '/things/x/ping', 503, NOT_FOUND)).pair).toBe('POST /things/{id}/ping default');
    expect(kinds(answer('POST', '/things/x/ping', 204))).toEqual([]);
  });

  it('should prefer a literal segment to a template', () => {
    expect(checks.check(answer('GET', '/things/mine', 200, [THING])).pair).toBe('GET /things/mine 200');
    expect(kinds(answer('GET', '/things/mine', 200, THING))).toEqual(['schema']);
  });

  it('should take OpenAPI 3.0 nullable (beside type, enum and allOf) and refs, and ignore examples', () => {
    expect(kinds(answer('GET', '/things/1', 200, { ...THING, note: null, state: null, owner: null }))).toEqual([]);
    expect(schemaErrors(answer('GET', '/things/1', 200, { ...THING, phase: null }))).toEqual([
      '/phase /components/schemas/ThingDto/properties/phase/enum',
    ]);
    expect(schemaErrors(answer('GET', '/things/1', 200, { ...THING, state: 'lost', owner: {} }))).toEqual([
      '/state /components/schemas/ThingDto/properties/state/enum',
      '/owner /components/schemas/OwnerDto/required',
      '/owner /components/schemas/ThingDto/properties/owner(nullable)/type',
      '/owner /components/schemas/ThingDto/properties/owner/anyOf',
    ]);
  });

  it('should report the properties a body has and its schema does not declare', () => {
    const owner = { email: 'a@example.test', phone: '555' };
    expect(checks.check(answer('GET', '/things/mine', 200, [{ ...THING, secret: 1, owner }, THING]))).toMatchObject({
      problems: [
        { kind: 'undeclared-property', message: '/*/owner/phone is in the body but not in the schema' },
        { kind: 'undeclared-property', message: '/*/secret is in the body but not in the schema' },
      ],
      undeclared: ['/*/owner/phone', '/*/secret'],
    });
  });

  it('should report a body of the wrong type, naming the field and the schema keyword', () => {
    const [problem] = checks.check(answer('GET', '/things/1', 200, { ...THING, count: 'three' })).problems;
    expect(problem.kind).toBe('schema');
    expect(problem.errors).toEqual([
      {
        instancePath: '/count',
        schema: '/components/schemas/ThingDto/properties/count/type',
        message: 'must be integer',
        value: '"three"',
      },
    ]);
    expect(schemaErrors(answer('GET', '/things/1', 200, { ...THING, id: 'x', createdAt: 'yesterday' }))).toEqual([
      '/id /components/schemas/ThingDto/properties/id/format',
      '/createdAt /components/schemas/ThingDto/properties/createdAt/format',
    ]);
  });

  it('should report a missing required field', () => {
    const { note: _note, ...withoutNote } = THING;
    expect(schemaErrors(answer('GET', '/things/1', 200, withoutNote))).toEqual([
      '(body) /components/schemas/ThingDto/required',
    ]);
  });

  it('should report an undocumented status', () => {
    const [problem] = checks.check(answer('GET', '/things/1', 429, { ...NOT_FOUND, statusCode: 429 })).problems;
    expect(problem).toEqual({
      kind: 'undocumented-status',
      message: 'status 429 is not documented for GET /things/{id} (documented: 200, 404)',
    });
  });

  it('should report an unknown path unless it answers 404/405 in the error shape', () => {
    expect(checks.check(answer('GET', '/nope', 200, { ok: true })).problems.map((p) => p.kind)).toEqual([
      'unknown-route',
    ]);
    expect(kinds(answer('DELETE', '/things/1', 200, THING))).toEqual(['unknown-route']);
    expect(checks.check(answer('GET', '/nope', 404, NOT_FOUND))).toEqual({
      route: 'GET /nope',
      outcome: 'unknown-route',
      problems: [],
    });
    expect(kinds(answer('PUT', '/things', 405, NOT_FOUND))).toEqual([]);
    expect(kinds(answer('GET', '/nope', 404, '<h1>Not found</h1>', 'text/html'))).toEqual([
      'unknown-route',
      'content-type',
    ]);
    expect(kinds(answer('GET', '/nope', 404, { message: 'no' }))).toEqual(['unknown-route', 'schema']);
  });

  it('should report a body that is not the documented JSON, and content the document has not', () => {
    expect(kinds(answer('GET', '/things/1', 200, '<html></html>', 'text/html; charset=utf-8'))).toEqual([
      'content-type',
    ]);
    expect(kinds(answer('GET', '/things/1', 200, '{"id": ', 'application/json; charset=utf-8'))).toEqual(['not-json']);
    expect(kinds(answer('GET', '/things/1', 200))).toEqual(['empty-body']);
    expect(kinds(answer('POST', '/things/1/ping', 204, { ok: true }))).toEqual(['unexpected-body']);
  });

  it('should leave the routes deliberately outside the document alone', () => {
    for (const [method, url, status] of [
      ['GET', '/metrics', 200],
      ['GET', '/docs-json', 200],
      ['GET', '/payment/success?orderId=x', 400],
      ['OPTIONS', '/orders', 204],
    ] as const)
      expect(checks.check(answer(method, url, status, 'text', 'text/html'))).toMatchObject({
        outcome: 'excluded',
        problems: [],
      });
  });

  it('should compile every response schema of docs/openapi.json', () => {
    const real = OpenApiResponses.fromFile();
    expect(real.documentedPairs().length).toBeGreaterThan(20);
    expect(real.check(answer('GET', '/no-such-route', 200, { ok: true })).problems[0].kind).toBe('unknown-route');
    const compileProblems = real
      .documentedPairs()
      .map((pair) => pair.split(' '))
      .filter(([, , status]) => /^\d+$/.test(status))
      .flatMap(
        ([method, template, status]) =>
          real.check(answer(method, template.replace(/\{[^}]+\}/g, 'x'), Number(status), { '': 'no such body' }))
            .problems,
      )
      .filter((p) => p.kind === 'schema-compile');
    expect(compileProblems).toEqual([]);
  });

  it('should say which test got which answer, with the problems and the body', () => {
    const verdict = checks.check(answer('GET', '/things/1', 200, { ...THING, count: -1 }));
    const failure: Failure = {
      origin: { test: 'Things should count', file: 'test/things.e2e-spec.ts' },
      method: 'GET',
      url: '/things/1',
      status: 200,
      route: verdict.route,
      problems: verdict.problems,
      body: JSON.stringify({ count: -1 }),
    };
    expect(formatFailures([failure])).toBe(
      [
        '1 response(s) docs/openapi.json does not describe:',
        '',
        'GET /things/1 → 200  (GET /things/{id})  in Things should count',
        '  - schema: body does not match the schema',
        '      /count must be >= 0 (value -1) at /components/schemas/ThingDto/properties/count/minimum',
        '  body: {"count":-1}',
      ].join('\n'),
    );
  });

  describe('on the app (t.http() and fetchApp)', () => {
    let t: TestApp;
    let seen: { response: ObservedResponse; origin: Origin }[];
    const sink = (response: ObservedResponse, origin: Origin) => seen.push({ response, origin });

    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());
    beforeEach(() => (seen = []));

    it('should see each response once, whichever way the test reads it, and keep .query/.set/.send/.expect working', async () => {
      const agent = () => watchResponses(t.http(), sink);
      const { body } = await agent().get('/products').query({ page: 1 }).set('Accept', 'application/json').expect(200);
      expect(body.meta).toMatchObject({ page: 1 });
      await agent()
        .post('/auth/login')
        .send({ email: 'nobody@example.test', password: 'not the password' })
        .then((res) => expect(res.status).toBe(401));
      await new Promise<void>((resolve, reject) => {
        agent()
          .get('/no-such-route')
          .expect(404)
          .end((err: Error | null) => (err ? reject(err) : resolve()));
      });
      expect(
        seen.map(({ response }) => `${response.method} ${new URL(response.url).pathname} ${response.status}`),
      ).toEqual(['GET /products 200', 'POST /auth/login 401', 'GET /no-such-route 404']);
      expect(seen[0].origin.test).toBe(expect.getState().currentTestName);

      // What the document describes, the real one checked on real answers: GET /products, an unknown route.
      const real = OpenApiResponses.fromFile();
      expect(real.check(seen[0].response)).toMatchObject({ pair: 'GET /products 200', problems: [] });
      expect(real.check(seen[2].response)).toMatchObject({ outcome: 'unknown-route', problems: [] });
    });

    it('should check a fetch() to the app and leave the body to the caller', async () => {
      const response = await fetchApp(`${t.baseUrl}/no-such-route?x=1`, { method: 'POST' }, sink);
      expect(await response.json()).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
      expect(seen).toHaveLength(1);
      expect(seen[0].response).toMatchObject({
        method: 'POST',
        status: 404,
        contentType: expect.stringContaining('json'),
      });
    });
  });
});
