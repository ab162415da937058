import { ArgumentMetadata, HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorCode } from './domain-error';

interface FieldProblem {
  field: string;
  /** One message: the field's first problem (kept as a list so the error shape does not change). */
  messages: [string];
}

/**
 * The one message a field gets: the rule its DTO declares first. DTOs list what a field is
 * (a string, a whole number, an array) above its bounds, and TypeScript applies decorators
 * bottom-up, so class-validator checks the topmost rule last and records its message last: a
 * missing email reads "email must be a string", not also "must be shorter than 254 characters".
 * (class-validator's `stopAtFirstError` keeps the bottom-most rule's message instead.) Its generic
 * nested-object message comes after every declared rule and only speaks when none failed.
 */
function firstDeclaredProblem(constraints: Record<string, string>): string | undefined {
  const { nestedValidation, ...declared } = constraints;
  return Object.values(declared).at(-1) ?? nestedValidation;
}

/** Only class-validator's generic "each value in nested property … must be either object or array". */
const isOnlyNestedShapeProblem = (constraints: Record<string, string>) =>
  Object.keys(constraints).join() === 'nestedValidation';

function flatten(errors: ValidationError[], parent = '', parentReported = false): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    // An item that is not an object is already reported by its list's own rule (items: each item
    // must be an object); class-validator's per-element echo of it would be a second message.
    const repeatsParent = parentReported && isOnlyNestedShapeProblem(constraints);
    const message = repeatsParent ? undefined : firstDeclaredProblem(constraints);
    const own: FieldProblem[] = message ? [{ field, messages: [message] }] : [];
    return [...own, ...flatten(error.children ?? [], field, own.length > 0)];
  });
}

/** "quantity must …" on items.0.quantity reads "items.0.quantity must …"; other wordings get the field in front. */
function withFieldPath({ field, messages: [message] }: FieldProblem): string {
  if (message.startsWith('property ')) return message.replace(/^property \S+/, field);
  const property = field.slice(field.lastIndexOf('.') + 1);
  return message.startsWith(`${property} `) ? `${field}${message.slice(property.length)}` : `${field}: ${message}`;
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
        throw badRequest(
          'A JSON body is required (Content-Type: application/json); send {} where every field is optional',
        );
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw badRequest(
          `The body must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
        );
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
    // Every rule runs so flatten() can pick the one the DTO declares first (see firstDeclaredProblem).
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.map(withFieldPath).join('; ');
      return new DomainError(ErrorCode.VALIDATION_FAILED, message || 'Invalid input', HttpStatus.BAD_REQUEST, details);
    },
  });
}
