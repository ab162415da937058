import { Global, Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { CurrentUsers } from './current-users';

/**
 * Global: `@Authenticated()` puts JwtAuthGuard on routes of every module, and Nest builds a guard
 * with the injector of the module it guards.
 */
@Global()
@Module({ imports: [UsersModule], providers: [CurrentUsers], exports: [CurrentUsers] })
export class CurrentUsersModule {}
