import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
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

/**
 * Whitelisting refuses unknown fields (an `amount`, `status` or `userId` smuggled into a body)
 * instead of silently dropping them, so a client learns at once that it sent something wrong.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
