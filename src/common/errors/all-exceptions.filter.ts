import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from './domain-error';
import { ErrorResponseDto } from './error-response.dto';

/** Codes for the HTTP errors raised by the framework itself (guards, body parser, router). */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.ROUTE_NOT_FOUND,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/**
 * The one place errors become HTTP answers, all in the shape {statusCode, error, message, code}.
 * Unknown errors are a bug or an outage: logged with their stack, answered as a generic 500
 * that reveals nothing but the request id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, requestId: request.id, method: request.method, path: request.path },
        'Request failed',
      );
    }
    if (response.headersSent) return;
    if (body.statusCode === (HttpStatus.TOO_MANY_REQUESTS as number)) {
      const seconds = retryAfterSeconds(response);
      response.setHeader('Retry-After', String(seconds));
      body.message = `Too many requests: try again in ${seconds} second${seconds === 1 ? '' : 's'}`;
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request & { id?: string }): ErrorResponseDto {
    if (exception instanceof DomainError) {
      return {
        ...shape(exception.status, exception.code, exception.message),
        ...(exception.details ? { details: exception.details as ErrorResponseDto['details'] } : {}),
        ...(exception.status >= HttpStatus.INTERNAL_SERVER_ERROR ? { requestId: request.id } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED);
      if (status >= 500) return { ...shape(status, code, STATUS_CODES[status] ?? 'Error'), requestId: request.id };
      return shape(status, isMalformedJson(exception) ? ErrorCode.MALFORMED_JSON : code, messageOf(exception, request));
    }
    return {
      ...shape(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL_ERROR, 'Internal server error'),
      requestId: request.id,
    };
  }
}

/**
 * The throttler names its wait per limit (`Retry-After-auth`, `Retry-After-pay`...); clients and
 * proxies read the standard `Retry-After`, so it carries the longest of them.
 */
function retryAfterSeconds(response: Response): number {
  const waits = Object.entries(response.getHeaders())
    .filter(([name]) => name.startsWith('retry-after-'))
    .map(([, value]) => Number(value))
    .filter((seconds) => Number.isFinite(seconds) && seconds > 0);
  return waits.length ? Math.max(...waits) : 1;
}

function shape(statusCode: number, code: ErrorCode, message: string): ErrorResponseDto {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code };
}

function isMalformedJson(exception: HttpException): boolean {
  return exception.cause instanceof SyntaxError;
}

function messageOf(exception: HttpException, request: Request): string {
  const status: HttpStatus = exception.getStatus();
  if (status === HttpStatus.NOT_FOUND && /^Cannot /.test(exception.message)) {
    return `No route ${request.method} ${request.path}`;
  }
  if (isMalformedJson(exception)) return `Malformed JSON body: ${exception.message}`;
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
