import { validate } from 'class-validator';
import { IsStrongPassword, isCommonPassword, passwordWeakness } from './password-policy';

class Body {
  @IsStrongPassword()
  password!: unknown;
}

async function messagesFor(password: unknown): Promise<string[]> {
  const body = Object.assign(new Body(), { password });
  const errors = await validate(body);
  return errors.flatMap((e) => Object.values(e.constraints ?? {}));
}

describe('password policy', () => {
  describe(passwordWeakness.name, () => {
    it('should accept a long password with letters and a digit, space or symbol', () => {
      expect(passwordWeakness('correct horse battery 42')).toBeNull();
      expect(passwordWeakness('Tr0ub4dor&3x')).toBeNull();
      expect(passwordWeakness('mot de passe long')).toBeNull();
      expect(passwordWeakness('пароль-надёжный')).toBeNull();
    });

    it('should refuse fewer than 10 characters and accept exactly 10', () => {
      expect(passwordWeakness('abcde1234')).toBe('password must be at least 10 characters long');
      expect(passwordWeakness('')).toBe('password must be at least 10 characters long');
      expect(passwordWeakness('bluejay-42')).toBeNull();
    });

    it('should refuse more than 128 characters and accept exactly 128', () => {
      const base = 'abcdefghij0123456789';
      const long128 = base.repeat(7).slice(0, 128).padEnd(128, 'x');
      expect(long128).toHaveLength(128);
      expect(passwordWeakness(long128)).toBeNull();
      expect(passwordWeakness(`${long128}y`)).toBe('password must be at most 128 characters long');
    });

    it('should refuse fewer than 5 distinct characters', () => {
      expect(passwordWeakness('aaaaaaaaaa1')).toBe('password must use at least 5 different characters');
      expect(passwordWeakness('abab1212abab')).toBe('password must use at least 5 different characters');
      expect(passwordWeakness('abcd1abcd1')).toBeNull();
    });

    it('should refuse only letters or no letters at all', () => {
      const message = 'password must contain letters and at least one digit, space or symbol';
      expect(passwordWeakness('abcdefghijkl')).toBe(message);
      expect(passwordWeakness('9876543210123')).toBe(message);
      expect(passwordWeakness('!@#$%^&*()_+')).toBe(message);
    });

    // Well-known entries of zxcvbn-ts's list that pass the length rule.
    it.each([
      'password123',
      'qwertyuiop',
      '1q2w3e4r5t',
      'iloveyou123',
      'football123',
      'administrator',
      'qwertyuiop1',
      'abcde12345',
    ])('should refuse the common password %p', (password) => {
      expect(passwordWeakness(password)).toBe('password is too common');
    });

    it('should refuse common passwords whatever their case', () => {
      expect(passwordWeakness('PassWord123')).toBe('password is too common');
      expect(passwordWeakness('QWERTYUIOP')).toBe('password is too common');
      expect(passwordWeakness('Welcome123')).toBe('password is too common');
    });

    it('should accept strong passwords that are on no list', () => {
      expect(passwordWeakness('correct horse battery 42')).toBeNull();
      expect(passwordWeakness('Vq7#kLm2!pZx')).toBeNull();
    });
  });

  describe(isCommonPassword.name, () => {
    it('should know thousands of passwords, not a handful', () => {
      const sample = [
        '1234567890',
        'basketball',
        'manchester',
        'christopher',
        'california',
        'terminator',
        'q1w2e3r4t5',
        'password1234',
      ];
      expect(sample.filter(isCommonPassword)).toEqual(sample);
    });

    it('should not flag a password that merely contains a common one', () => {
      expect(isCommonPassword('password123 is what I never use')).toBe(false);
      expect(isCommonPassword('')).toBe(false);
    });
  });

  describe(IsStrongPassword.name, () => {
    it('should pass a strong password', async () => {
      expect(await messagesFor('correct horse battery 42')).toEqual([]);
    });

    it('should report the specific weakness as the message', async () => {
      expect(await messagesFor('short1')).toEqual(['password must be at least 10 characters long']);
      expect(await messagesFor('Password123')).toEqual(['password is too common']);
    });

    it('should refuse a value that is not a string', async () => {
      expect(await messagesFor(1234567890123)).toEqual(['password must be a string']);
      expect(await messagesFor(undefined)).toEqual(['password must be a string']);
    });
  });
});
