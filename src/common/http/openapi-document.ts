import { STATUS_CODES } from 'node:http';
import type { OpenAPIObject, OperationObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { TIMESTAMP, UUID } from '../dto/api-fields';
import { ErrorCode } from '../errors/domain-error';
import { ERROR_EXAMPLE_MESSAGES } from '../errors/error-examples';
import { JSON_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from './json-input-policy';

const ERROR_SCHEMA = '#/components/schemas/ErrorResponse';
const ERROR_CODES = new Set<string>(Object.values(ErrorCode));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * What every route but the webhooks answers because of the global input policy (app.setup.ts),
 * whatever its decorators say: a query string it refuses; a body, even where the route takes
 * none, that does not parse, is too large or is not JSON. The webhooks read raw bytes up to their
 * own limit.
 */
const INPUT_POLICY = {
  query: [400, ErrorCode.VALIDATION_FAILED, 'a query string with text the API refuses (a NUL byte)'],
  malformed: [400, ErrorCode.MALFORMED_JSON, 'a body that is not valid JSON'],
  tooLarge: [413, ErrorCode.PAYLOAD_TOO_LARGE, `a body larger than ${JSON_BODY_LIMIT}`],
  webhookTooLarge: [413, ErrorCode.PAYLOAD_TOO_LARGE, `a body larger than ${WEBHOOK_BODY_LIMIT}`],
  notJson: [415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'a body not sent as application/json'],
} as const;

/**
 * Completes the document Nest builds from the decorators with what holds for every route, so no
 * controller has to repeat it and none can forget it:
 * - operations without a bearer requirement say `security: []` (public, not "unspecified");
 * - the input policy's answers (400, 413, 415) are listed where they can happen;
 * - each error response narrows `code` to the codes its description names, with one example per
 *   code; each success response gets an example built from its schema's property examples.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = ((document.components ??= {}).schemas ??= {});
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= [];
      addInputPolicyResponses(operation, path);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) {
          completeErrorResponse(response as ResponseObject, Number(status), `${method.toUpperCase()} ${path}`, schemas);
        } else completeSuccessResponse(response as ResponseObject, schemas);
      }
    }
  }
  return document;
}

function addInputPolicyResponses(operation: OperationObject, path: string): void {
  const webhook = path.startsWith('/webhooks/');
  const bodyless = operation.requestBody === undefined ? ' (this route takes no body)' : '';
  const add = ([status, code, why]: readonly [number, ErrorCode, string]) => {
    const response = (operation.responses[status] ??= { description: '' }) as ResponseObject;
    if (response.description.includes(code)) return;
    const text = `${code}: ${why}${code === ErrorCode.VALIDATION_FAILED ? '' : bodyless}`;
    response.description = response.description ? `${response.description}; ${text}` : text;
  };
  if (webhook) {
    add(INPUT_POLICY.webhookTooLarge);
    return;
  }
  for (const answer of [INPUT_POLICY.query, INPUT_POLICY.malformed, INPUT_POLICY.tooLarge, INPUT_POLICY.notJson])
    add(answer);
}

/** The error codes a response's description names (`ORDER_NOT_FOUND (also …), PAYMENT_IN_PROGRESS`). */
function codesNamedIn(description: string): ErrorCode[] {
  const words = description.match(/\b[A-Z][A-Z_]{2,}\b/g) ?? [];
  return [...new Set(words.filter((word) => ERROR_CODES.has(word)))] as ErrorCode[];
}

/** `ORDER_NOT_FOUND` → `OrderNotFoundError`: the named schema of the error shape with that code. */
const errorSchemaName = (code: ErrorCode): string =>
  `${code
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')}Error`;

/**
 * An error response answers the codes its description names: one named schema per code
 * (`OrderNotFoundError`, the error shape with that `code`), a oneOf of them told apart by `code`
 * where there are several, and an example of each.
 */
function completeErrorResponse(
  response: ResponseObject,
  status: number,
  operation: string,
  schemas: Record<string, SchemaObject | ReferenceObject>,
): void {
  const codes = codesNamedIn(response.description);
  if (codes.length === 0) throw new Error(`${operation} ${status}: the description names no ErrorCode`);
  const refs = codes.map((code) => {
    const name = errorSchemaName(code);
    schemas[name] ??= {
      description: `The error shape with code ${code}`,
      allOf: [
        { $ref: ERROR_SCHEMA },
        { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: [code] } } },
      ],
    };
    return `#/components/schemas/${name}`;
  });
  const schema: SchemaObject | ReferenceObject =
    refs.length === 1
      ? { $ref: refs[0] }
      : {
          oneOf: refs.map(($ref) => ({ $ref })),
          discriminator: { propertyName: 'code', mapping: Object.fromEntries(codes.map((code, i) => [code, refs[i]])) },
        };
  const examples = Object.fromEntries(
    codes.map((code) => [code, { summary: code, value: errorExample(status, code) }]),
  );
  response.content = { 'application/json': { schema, examples } };
  if (status === 429) {
    response.headers = {
      'Retry-After': {
        description: 'Seconds to wait before trying again',
        schema: { type: 'integer', minimum: 1, example: 42 },
      },
    };
  }
}

function errorExample(status: number, code: ErrorCode): Record<string, unknown> {
  return {
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message: ERROR_EXAMPLE_MESSAGES[code],
    code,
    ...(code === ErrorCode.VALIDATION_FAILED && status === 400
      ? { details: [{ field: 'items.0.quantity', messages: ['quantity must not be greater than 999'] }] }
      : {}),
    ...(status >= 500 ? { requestId: 'b7c1e2d4-5f60-4a1b-9c2d-3e4f5a6b7c8d' } : {}),
  };
}

function completeSuccessResponse(response: ResponseObject, schemas: Record<string, SchemaObject | ReferenceObject>) {
  const media = response.content?.['application/json'];
  if (!media?.schema || media.example !== undefined || media.examples !== undefined) return;
  media.example = exampleOf(media.schema, schemas);
}

const FORMAT_EXAMPLES: Record<string, string> = {
  uuid: UUID.example,
  'date-time': TIMESTAMP.example,
  email: 'ada@example.com',
  uri: 'https://shop.example.com/',
};

/** An example value for a schema, from the examples its properties carry (a schema's own example wins). */
function exampleOf(
  schema: SchemaObject | ReferenceObject,
  schemas: Record<string, SchemaObject | ReferenceObject>,
): unknown {
  if ('$ref' in schema) return exampleOf(schemas[schema.$ref.split('/').pop()!], schemas);
  if (schema.example !== undefined) return schema.example;
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((part) => exampleOf(part, schemas) as object));
  }
  if (schema.enum) return schema.enum[0];
  if (schema.type === 'array') return schema.items ? [exampleOf(schema.items, schemas)] : [];
  if (schema.type === 'object' || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([name, property]) => [name, exampleOf(property, schemas)]),
    );
  }
  if (schema.type === 'string') return FORMAT_EXAMPLES[schema.format ?? ''] ?? 'text';
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 0;
  if (schema.type === 'boolean') return true;
  return null;
}
