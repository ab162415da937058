import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { UUID } from '../dto/api-fields';
import { DomainError, ErrorCode } from '../errors/domain-error';

/** A path id that is not a UUID is a 400 naming the parameter, before any query runs. */
export const uuidParam = (name = 'id') =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new DomainError(ErrorCode.VALIDATION_FAILED, `${name} must be a UUID`, HttpStatus.BAD_REQUEST),
  });

/** Documents a path id that `uuidParam` checks: a UUID, for generated clients too. */
export const ApiUuidParam = (description: string, name = 'id'): MethodDecorator =>
  ApiParam({ name, ...UUID, description });
