import type { UserRole } from '../users/user.entity';

/** What a bearer token carries, and so what every authenticated request knows about its caller. */
export interface AuthUser {
  id: string;
  email: string;
  role: UserRole;
}

export interface JwtPayload {
  sub: string;
  email: string;
  role: UserRole;
}
