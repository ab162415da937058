import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { USER_ROLES, type User, type UserRole } from '../../users/user.entity';
import { COUNT, UUID } from '../../common/dto/api-fields';

@ApiSchema({ name: 'User' })
export class UserDto {
  @ApiProperty(UUID)
  id!: string;

  // No `format: email`: addresses are checked as class-validator's isEmail does (UTF-8 local parts), wider than JSON Schema's.
  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole', example: 'customer' })
  role!: UserRole;

  static from(user: User): UserDto {
    return { id: user.id, email: user.email, role: user.role };
  }
}

@ApiSchema({ name: 'Token' })
export class TokenDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ ...COUNT, example: 3600, description: 'Seconds until the token expires' })
  expiresIn!: number;
}
