import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { normalizeEmail } from '../../users/users.service';
import { IsStrongPassword } from '../password-policy';

/**
 * Emails are validated as they will be stored: some characters grow when lowercased ('İ' becomes
 * two), so a length checked before normalising could overflow the column.
 */
const normalized = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeEmail(value) : value);

@ApiSchema({ name: 'RegisterRequest' })
export class RegisterDto {
  @ApiProperty({
    example: 'ada@example.com',
    maxLength: 254,
    description: 'An email address (UTF-8 local parts are accepted); stored lower-cased',
  })
  @Transform(normalized)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: 10,
    maxLength: 128,
    description: '10 to 128 characters, letters plus at least one digit, space or symbol, not a common password',
  })
  @IsStrongPassword()
  password!: string;
}

@ApiSchema({ name: 'LoginRequest' })
export class LoginDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @Transform(normalized)
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  password!: string;
}
