import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';
import {
  compileDocument,
  escapePointer,
  type Json,
  OPENAPI_DOCUMENT,
  readDocument,
  undeclaredProperties,
} from './openapi-schemas';

export { OPENAPI_DOCUMENT } from './openapi-schemas';

/**
 * Checks an HTTP response the app gave against the committed OpenAPI 3.0 document: is the route
 * documented, the status, the content type, and does the body match the schema. Pure (no jest, no
 * HTTP): openapi-checks.ts feeds it the e2e suite's responses, the self-test synthetic ones.
 */

/** What the app answers any route it does not have with (AllExceptionsFilter, code ROUTE_NOT_FOUND): the one error shape. */
const ERROR_SCHEMA_NAME = 'ErrorResponse';

/**
 * Routes the app serves on purpose outside the document: counted, not checked. Keep it short;
 * anything else missing from the document is a failure.
 */
export const EXCLUDED_ROUTES: { label: string; method: string; path: RegExp; reason: string }[] = [
  {
    label: 'GET /docs…',
    method: 'GET',
    path: /^\/docs(-json|-yaml)?(\/.*)?$/,
    reason: 'Swagger UI and the document itself',
  },
  { label: 'GET /metrics', method: 'GET', path: /^\/metrics$/, reason: '@ApiExcludeController: Prometheus text' },
  {
    label: 'GET /payment/…',
    method: 'GET',
    path: /^\/payment\/(success|cancel|assets\/return-page\.(css|js))$/,
    reason: '@ApiExcludeController: the checkout return HTML pages and their assets',
  },
  // OpenAPI 3.0 describes operations; a preflight never reaches one (the cors middleware answers it).
  { label: 'OPTIONS *', method: 'OPTIONS', path: /^/, reason: 'CORS preflight' },
];

export interface ObservedResponse {
  method: string;
  /** Path or absolute URL; the query string is ignored. */
  url: string;
  status: number;
  contentType?: string;
  /** The raw body; when the client kept none (a custom parser), `body` is checked instead. */
  text?: string;
  body?: unknown;
}

export type ProblemKind =
  | 'unknown-route'
  | 'undocumented-status'
  | 'content-type'
  | 'empty-body'
  | 'unexpected-body'
  | 'not-json'
  | 'schema'
  | 'undeclared-property'
  | 'schema-compile';

export interface SchemaError {
  instancePath: string;
  /** Where in docs/openapi.json the failing keyword is, e.g. `/components/schemas/PaymentDto/properties/failureCode/type`. */
  schema: string;
  message: string;
  /** The offending value, JSON, shortened. */
  value: string;
}

export interface Problem {
  kind: ProblemKind;
  message: string;
  errors?: SchemaError[];
}

export interface Verdict {
  /** `GET /orders/{id}` for a documented route, the exclusion's label, or the raw `GET /path`. */
  route: string;
  outcome: 'documented' | 'excluded' | 'unknown-route';
  /** `GET /orders/{id} 200` when the status is documented (the pair the summary counts). */
  pair?: string;
  problems: Problem[];
  /** Properties of a matching body its schema does not declare (openapi-schemas.ts): noted, not failed. */
  undeclared?: string[];
}

/** One instance per loaded document; validators are compiled on first use and kept. */
export class OpenApiResponses {
  private readonly document: Json;
  private readonly ajv: Ajv;
  /** Each prepared schema object → its JSON pointer in the document, to name where an ajv error is. */
  private readonly locations = new Map<object, string>();
  private readonly validators = new Map<string, ValidateFunction | Error>();
  private readonly templates: { template: string; pattern: RegExp; rank: number[] }[];

  static fromFile(file = OPENAPI_DOCUMENT): OpenApiResponses {
    return new OpenApiResponses(readDocument(file));
  }

  constructor(document: Json) {
    ({ document: this.document, ajv: this.ajv } = compileDocument(document, this.locations));
    this.templates = Object.keys((this.document.paths ?? {}) as Json).map((template) => {
      const segments = template.split('/').slice(1);
      const pattern = segments
        .map((s) =>
          s
            .split(/\{[^}]+\}/)
            .map(escapeRegExp)
            .join('[^/]+'),
        )
        .join('/');
      // Literal segments win over templated ones, the leftmost first: /orders/mine before /orders/{id}.
      return { template, pattern: new RegExp(`^/${pattern}$`), rank: segments.map((s) => (s.includes('{') ? 1 : 0)) };
    });
    this.templates.sort((a, b) => compareRanks(a.rank, b.rank));
  }

  /** Every documented `METHOD /template status`, `default` and `4XX` included as written. */
  documentedPairs(): string[] {
    const pairs: string[] = [];
    for (const [template, item] of Object.entries((this.document.paths ?? {}) as Json))
      for (const [method, operation] of Object.entries(item as Json))
        if (isOperation(method))
          for (const status of Object.keys((operation as Json).responses ?? {}))
            pairs.push(`${method.toUpperCase()} ${template} ${status}`);
    return pairs;
  }

  check(response: ObservedResponse): Verdict {
    const method = response.method.toUpperCase();
    const pathname = normalizePath(response.url);
    const excluded = EXCLUDED_ROUTES.find((r) => r.method === method && r.path.test(pathname));
    if (excluded) return { route: excluded.label, outcome: 'excluded', problems: [] };
    const found = this.operationFor(method, pathname);
    if (!found) return this.unknownRoute(`${method} ${pathname}`, response);
    const route = `${method} ${found.template}`;
    const responses = (found.operation.responses ?? {}) as Json;
    const status = [
      String(response.status),
      `${String(response.status)[0]}XX`,
      `${String(response.status)[0]}xx`,
      'default',
    ].find((key) => key in responses);
    if (!status) {
      const documented = Object.keys(responses).join(', ');
      const message = `status ${response.status} is not documented for ${route} (documented: ${documented})`;
      return { route, outcome: 'documented', problems: [{ kind: 'undocumented-status', message }] };
    }
    const pointer = `/paths/${escapePointer(found.template)}/${found.key}/responses/${escapePointer(status)}`;
    const documented = this.resolve(responses[status] as Json) ?? {};
    const problems = this.checkContent(documented, pointer, response, found.bodiless);
    const verdict: Verdict = { route, outcome: 'documented', pair: `${route} ${status}`, problems };
    const schema = (documented.content as Json | undefined)?.['application/json']?.schema as Json | undefined;
    if (problems.length === 0 && schema && response.text && /json/.test(response.contentType ?? '')) {
      verdict.undeclared = undeclaredProperties(this.document, schema, JSON.parse(response.text));
      // A field the document does not declare is one no generated client knows of (or a leak).
      for (const property of verdict.undeclared)
        problems.push({ kind: 'undeclared-property', message: `${property} is in the body but not in the schema` });
    }
    return verdict;
  }

  /** The documented answer to a route the app does not have: 404 (or 405) in the one error shape. */
  private unknownRoute(route: string, response: ObservedResponse): Verdict {
    if (response.status !== 404 && response.status !== 405) {
      const message = `${route} is not in the document, yet answered ${response.status}`;
      return { route, outcome: 'unknown-route', problems: [{ kind: 'unknown-route', message }] };
    }
    const schemas = (this.document.components?.schemas ?? {}) as Json;
    const name = ERROR_SCHEMA_NAME;
    if (!(name in schemas)) {
      const message = `no ${name} schema to check ${route}'s ${response.status} against`;
      return { route, outcome: 'unknown-route', problems: [{ kind: 'schema-compile', message }] };
    }
    const pointer = `/components/schemas/${name}`;
    const problems = this.checkContent(
      { content: { 'application/json': { schema: schemas[name] } } },
      pointer,
      response,
      false,
    );
    if (problems.length > 0) {
      const message = `${route} is not in the document, and its ${response.status} is not ${name}`;
      problems.unshift({ kind: 'unknown-route', message });
    }
    return { route, outcome: 'unknown-route', problems };
  }

  private operationFor(method: string, pathname: string) {
    const key = method === 'HEAD' ? ['head', 'get'] : [method.toLowerCase()];
    for (const { template, pattern } of this.templates) {
      if (!pattern.test(pathname)) continue;
      const item = (this.document.paths as Json)[template] as Json;
      const hit = key.find((k) => item[k]);
      // Another template may still have the method (GET /a/{x} vs POST /a/b): keep looking.
      if (hit) return { template, key: hit, operation: item[hit] as Json, bodiless: method === 'HEAD' };
    }
    return undefined;
  }

  private checkContent(response: Json, pointer: string, observed: ObservedResponse, bodiless: boolean): Problem[] {
    const content = (response.content ?? {}) as Json;
    const documented = Object.keys(content);
    const mediaType = (observed.contentType ?? '').split(';')[0].trim().toLowerCase();
    const hasBody = observed.text !== undefined ? observed.text.length > 0 : !isEmptyBody(observed.body);
    if (documented.length === 0)
      return hasBody
        ? [{ kind: 'unexpected-body', message: `a ${mediaType || 'body'} body, but the document describes no content` }]
        : [];
    if (bodiless || observed.status === 204 || observed.status === 304) return [];
    if (!hasBody)
      return [{ kind: 'empty-body', message: `an empty body, but the document describes ${documented.join(', ')}` }];
    const [type] = mediaType.split('/');
    const key = [mediaType, `${type}/*`, '*/*'].find((k) => k in content);
    if (!key)
      return [
        {
          kind: 'content-type',
          message: `content-type ${mediaType || '(none)'}, documented: ${documented.join(', ')}`,
        },
      ];
    if (!/^application\/([\w.-]+\+)?json$/.test(mediaType)) return [];
    let body = observed.body;
    if (observed.text !== undefined) {
      try {
        body = JSON.parse(observed.text);
      } catch {
        return [{ kind: 'not-json', message: `content-type ${mediaType}, but the body is not JSON` }];
      }
    }
    const media = content[key] as Json;
    if (!media.schema) return [];
    const validate = this.validator(`${pointer}/content/${escapePointer(key)}/schema`, media.schema as Json);
    if (validate instanceof Error) return [{ kind: 'schema-compile', message: validate.message }];
    if (validate(body)) return [];
    const errors = (validate.errors ?? []).map((e) => this.describe(e));
    const message = `body does not match ${pointer}: ${errors.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`;
    return [{ kind: 'schema', message, errors }];
  }

  private validator(pointer: string, schema: Json): ValidateFunction | Error {
    let validate = this.validators.get(pointer);
    if (!validate) {
      try {
        validate = this.ajv.compile(schema);
      } catch (error) {
        validate = new Error(`${pointer} does not compile: ${(error as Error).message}`);
      }
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  private describe(error: ErrorObject): SchemaError {
    const where = error.parentSchema && this.locations.get(error.parentSchema);
    let message = error.message ?? error.keyword;
    if (error.keyword === 'enum') message += ` ${JSON.stringify(error.params.allowedValues)}`;
    return {
      instancePath: error.instancePath || '(body)',
      schema: where !== undefined ? `${where}/${error.keyword}` : error.schemaPath,
      message,
      value: excerpt(JSON.stringify(error.data) ?? 'undefined', 80),
    };
  }

  /** A `$ref` to `#/components/responses/...` (nestjs/swagger inlines them, others may not). */
  private resolve(node: Json): Json | undefined {
    const ref = node.$ref as string | undefined;
    if (typeof ref !== 'string') return node;
    return ref
      .replace(/^[^#]*#\//, '')
      .split('/')
      .reduce<Json | undefined>((at, token) => at?.[token.replace(/~1/g, '/').replace(/~0/g, '~')], this.document);
  }
}

export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function isOperation(key: string): boolean {
  return ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(key);
}

function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return true;
  if (Buffer.isBuffer(body)) return body.length === 0;
  // superagent leaves `{}` as the body of a response it did not parse.
  return typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
}

/**
 * The path without query, trailing slash or percent-encoding, as Express matches it: dot segments
 * stay (`/orders/./cancel` is the cancel route with the id `.`), which URL parsing would remove.
 */
function normalizePath(url: string): string {
  const pathname = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/s, '') || '/';
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  try {
    return decodeURI(trimmed);
  } catch {
    return trimmed;
  }
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
