import { dictionary } from '@zxcvbn-ts/language-common';
import { registerDecorator, ValidationOptions } from 'class-validator';

const MIN_LENGTH = 10;
const MAX_LENGTH = 128;

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * zxcvbn-ts's list of the ~49,000 most common passwords in leaked password sets, lowercased. Unpacking it
 * takes ~50 ms, so it happens once, at the first check rather than at every start. Entries
 * shorter than the length rule are dropped: they never get this far.
 */
function commonPasswordList(): ReadonlySet<string> {
  commonPasswords ??= new Set(
    dictionary['passwords-common']
      .filter((password) => password.length >= MIN_LENGTH)
      .map((password) => password.toLowerCase()),
  );
  return commonPasswords;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswordList().has(password.toLowerCase());
}

/** Why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string): string | null {
  if (password.length < MIN_LENGTH) return `password must be at least ${MIN_LENGTH} characters long`;
  if (password.length > MAX_LENGTH) return `password must be at most ${MAX_LENGTH} characters long`;
  // Before the composition rules: "too common" is the true reason for "qwertyuiop" or
  // "1q2w3e4r5t", and a client told "add a digit" would only reach "qwertyuiop1", also listed.
  if (isCommonPassword(password)) return 'password is too common';
  if (new Set(password).size < 5) return 'password must use at least 5 different characters';
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password)) {
    return 'password must contain letters and at least one digit, space or symbol';
  }
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
