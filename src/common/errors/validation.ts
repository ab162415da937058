import { ArgumentMetadata, HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorCode } from './domain-error';

interface FieldProblem {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const badRequest = (message: string) => new DomainError(ErrorCode.VALIDATION_FAILED, message, HttpStatus.BAD_REQUEST);

/**
 * Whitelisting refuses unknown fields (an `amount`, `status` or `userId` smuggled into a body)
 * instead of silently dropping them, so a client learns at once that it sent something wrong.
 * A route that takes a body DTO gets a JSON object, or a 400: a missing body is never read as
 * `{}` (for a refund, `{}` means "everything").
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object) {
      if (value === undefined) {
        throw badRequest('A JSON body is required (Content-Type: application/json); send {} where every field is optional');
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw badRequest(`The body must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
      }
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details
        .map(({ field, messages }) =>
          messages.map((m) => (m.startsWith('property ') ? m.replace(/^property \S+/, field) : m.replace(/^\S+/, field))).join('; '),
        )
        .join('; ');
      return new DomainError(ErrorCode.VALIDATION_FAILED, message || 'Invalid input', HttpStatus.BAD_REQUEST, details);
    },
  });
}
