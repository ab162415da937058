import { ValidateIf } from 'class-validator';

/**
 * The field may be left out; when it is there, every other rule applies. Unlike class-validator's
 * `@IsOptional()`, `null` is not "absent": it is a wrong type and fails the field's rules, so a
 * client's `{"amount": null}` is a 400, never a default (a full refund).
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
