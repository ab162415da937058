import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * docs/openapi.json as ajv takes it: OpenAPI 3.0 schemas are not quite JSON Schema (`nullable`,
 * boolean exclusive bounds, `example`), and its `#/components/...` refs are relative to a document
 * that is not itself a schema. Used by openapi-responses.ts.
 */

export type Json = Record<string, any>;

export const OPENAPI_DOCUMENT = path.join(__dirname, '..', '..', 'docs', 'openapi.json');
/** The id the document is added to ajv under: `#/components/...` refs become `openapi.json#/components/...`. */
const DOCUMENT_ID = 'openapi.json';

/** The document, read from disk now (others regenerate it while tests run: retry a half-written one). */
export function readDocument(file = OPENAPI_DOCUMENT): Json {
  for (let attempt = 1; ; attempt++) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Json;
    } catch (error) {
      if (attempt === 5 || !(error instanceof SyntaxError)) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/**
 * The prepared document (see prepare), added to a new ajv as `openapi.json`, so any schema in it can
 * be compiled with its refs resolved. `locations` gets each prepared schema object's JSON pointer.
 */
export function compileDocument(document: Json, locations: Map<object, string>): { document: Json; ajv: Ajv } {
  const prepared = prepare(document, '', false, locations) as Json;
  // strict: false so `example` and other OpenAPI annotations are ignored, not refused; an unknown
  // `format` would then be ignored silently too, so that one warning is turned into an error.
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true, // errors carry the schema object (located via `locations`) and the value
    logger: { log: () => undefined, error: console.error, warn: failOnUnknownFormat },
  });
  addFormats(ajv); // uuid, date-time, email, uri, int32, int64...
  ajv.addSchema(prepared, DOCUMENT_ID);
  return { document: prepared, ajv };
}

/** Keys whose values are data, not schemas: left as they are. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'enum', 'default', 'const']);
/** Keys whose children are named by the author (property names, paths, statuses), never keywords. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'schemas', 'paths', 'responses', 'content', 'headers']);

/**
 * A copy of the document in JSON Schema terms ajv validates as OpenAPI 3.0 means them: `nullable`
 * (ajv's own support refuses it beside `$ref`/`allOf`, which nestjs/swagger emits for nullable
 * nested DTOs), boolean `exclusiveMinimum`/`exclusiveMaximum`, and `#/` refs made absolute.
 */
function prepare(node: unknown, pointer: string, namesOnly: boolean, locations: Map<object, string>): unknown {
  if (Array.isArray(node)) return node.map((item, i) => prepare(item, `${pointer}/${i}`, false, locations));
  if (node === null || typeof node !== 'object') return node;
  let out: Json = {};
  for (const [key, value] of Object.entries(node as Json))
    out[key] =
      !namesOnly && DATA_KEYWORDS.has(key)
        ? value
        : prepare(value, `${pointer}/${escapePointer(key)}`, !namesOnly && NAME_MAPS.has(key), locations);
  if (namesOnly) return out;
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#/')) out.$ref = DOCUMENT_ID + out.$ref;
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ])
    if (typeof out[flag] === 'boolean') {
      if (out[flag] && typeof out[bound] === 'number') [out[flag], out[bound]] = [out[bound], undefined];
      else delete out[flag];
      if (out[bound] === undefined) delete out[bound];
    }
  locations.set(out, pointer);
  if (typeof out.nullable === 'boolean') {
    const { nullable, ...rest } = out;
    out = rest;
    locations.set(out, pointer);
    if (nullable && typeof out.type === 'string' && !['$ref', 'allOf', 'anyOf', 'oneOf'].some((k) => k in out)) {
      // An enum stays as written: OpenAPI 3.0.3 lets null through a nullable enum only when the enum lists it.
      out.type = [out.type, 'null'];
    } else if (nullable) {
      const isNull = { type: 'null' };
      locations.set(isNull, `${pointer}(nullable)`);
      out = { anyOf: [out, isNull] };
      locations.set(out, pointer);
    }
  }
  return out;
}

function failOnUnknownFormat(...args: unknown[]): void {
  const message = args.map(String).join(' ');
  if (message.includes('unknown format')) throw new Error(message);
}

export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Where a body that matches its schema still has properties the schema does not declare (JSON
 * Schema allows them unless `additionalProperties` says otherwise): not a failure, but a field
 * clients cannot know of. Paths like `/data/*\/internalNote`; anyOf/oneOf follow their first
 * non-null member, allOf members' properties add up.
 */
export function undeclaredProperties(document: Json, schema: Json, value: unknown, at = ''): string[] {
  const resolved = deref(document, schema);
  if (value === null || typeof value !== 'object') return [];
  const choice = ((resolved.anyOf ?? resolved.oneOf) as Json[] | undefined)?.find((s) => s.type !== 'null');
  if (choice) return undeclaredProperties(document, choice, value, at);
  if (Array.isArray(value))
    return resolved.items
      ? [...new Set(value.flatMap((item) => undeclaredProperties(document, resolved.items as Json, item, `${at}/*`)))]
      : [];
  const members = [resolved, ...((resolved.allOf as Json[] | undefined) ?? []).map((s) => deref(document, s))];
  if (members.some((s) => s.additionalProperties !== undefined && s.additionalProperties !== false)) return [];
  const declared = new Map<string, Json>();
  for (const member of members)
    for (const [name, property] of Object.entries((member.properties ?? {}) as Json))
      if (!declared.has(name)) declared.set(name, property as Json);
  if (declared.size === 0) return [];
  return Object.entries(value as Json).flatMap(([name, property]) => {
    const propertySchema = declared.get(name);
    return propertySchema
      ? undeclaredProperties(document, propertySchema, property, `${at}/${name}`)
      : [`${at}/${name}`];
  });
}

function deref(document: Json, schema: Json): Json {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 20; hops++)
    current =
      current.$ref
        .replace(/^[^#]*#\//, '')
        .split('/')
        .reduce<Json | undefined>((at, token) => at?.[token.replace(/~1/g, '/').replace(/~0/g, '~')], document) ?? {};
  return current;
}
