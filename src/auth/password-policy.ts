import { registerDecorator, ValidationOptions } from 'class-validator';

/** A few of the most common passwords that pass the length rule; a real deny-list can replace this set. */
const COMMON_PASSWORDS = new Set([
  'password123', 'password1234', '1234567890', '12345678910', 'qwertyuiop', 'qwerty12345',
  'iloveyou123', 'welcome123', 'letmein123', 'passw0rd123', 'abcdefghij', 'abc1234567',
  'administrator', 'changeme123', 'football123', 'baseball123', 'sunshine123', 'trustno1234',
]);

/** Why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string): string | null {
  if (password.length < 10) return 'password must be at least 10 characters long';
  if (password.length > 128) return 'password must be at most 128 characters long';
  if (new Set(password).size < 5) return 'password must use at least 5 different characters';
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password)) {
    return 'password must contain letters and at least one digit, space or symbol';
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'password is too common';
  return null;
}

export function IsStrongPassword(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isStrongPassword',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && passwordWeakness(value) === null,
        defaultMessage: (args) =>
          typeof args?.value === 'string' ? (passwordWeakness(args.value) ?? '') : 'password must be a string',
      },
    });
}
