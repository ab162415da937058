import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode } from '../errors/domain-error';
import { describeJsonProblem, findJsonProblem } from '../json-safety';

/** JSON bodies above this are refused with 413 before any handler runs. */
export const JSON_BODY_LIMIT = '64kb';
/** Stripe events are small, but a checkout session with 100 line items and metadata is not tiny. */
export const WEBHOOK_BODY_LIMIT = '512kb';

/**
 * Deeper than any request body of this API (an order is 3 levels), far below the ~1,500 levels
 * where class-transformer overflows the stack.
 */
export const JSON_MAX_DEPTH = 32;

const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;

/** Read as bytes by a route's own parser (webhooks, verified on the exact bytes signed): its business. */
const isRawBody = (request: Request) => Buffer.isBuffer(request.body);

/** A body is there when it has bytes (or comes chunked); `Content-Length: 0` is no body. */
function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/**
 * Before the JSON parser: a body that is not `application/json` is refused (415), never read as
 * `{}`. Otherwise a form-encoded or text refund body would be an empty DTO: a full refund.
 */
export function refuseNonJsonBodies(request: Request, _response: Response, next: NextFunction): void {
  if (isRawBody(request) || !hasBody(request) || JSON_CONTENT_TYPE.test(request.headers['content-type'] ?? ''))
    return next();
  const given = request.headers['content-type']
    ? `Content-Type ${request.headers['content-type'].slice(0, 100)}`
    : 'no Content-Type';
  next(
    new DomainError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `Request bodies must be JSON sent as Content-Type: application/json (got ${given})`,
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    ),
  );
}

/**
 * After the JSON parser, before validation: the parsed body and the query string hold no text
 * PostgreSQL or the validators cannot take, and the body is not nested deeper than any DTO.
 */
export function refuseUnsafeJsonInput(
  request: Request & { rawBody?: Buffer },
  _response: Response,
  next: NextFunction,
): void {
  if (isRawBody(request)) return next();
  // The JSON parser reads zero bytes as `{}`; zero bytes are no body (for a refund, `{}` is "everything").
  if (!hasBody(request) || request.rawBody?.length === 0) request.body = undefined;
  const options = { maxDepth: JSON_MAX_DEPTH, refusePrototypeKeys: true };
  const problem = findJsonProblem(request.body, options) ?? prefixed('query', findJsonProblem(request.query, options));
  if (!problem) return next();
  next(
    new DomainError(ErrorCode.VALIDATION_FAILED, describeJsonProblem(problem, JSON_MAX_DEPTH), HttpStatus.BAD_REQUEST),
  );
}

function prefixed<T extends { path: string }>(prefix: string, problem: T | null): T | null {
  return problem && { ...problem, path: problem.path ? `${prefix}.${problem.path}` : prefix };
}
