import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { conflict, DomainError, ErrorCode } from '../common/errors/domain-error';
import { isUniqueViolation } from '../database/postgres-errors';
import { hashPassword, verifyPassword } from './passwords';
import { User, UserRole } from './user.entity';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async create(email: string, password: string, role: UserRole = 'customer'): Promise<User> {
    const passwordHash = await hashPassword(password);
    try {
      return await this.users.save(this.users.create({ email: normalizeEmail(email), passwordHash, role }));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(ErrorCode.EMAIL_TAKEN, 'An account with this email already exists');
      throw error;
    }
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }

  /** The only read that loads the password hash. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: normalizeEmail(email) })
      .getOne();
  }

  countAdmins(): Promise<number> {
    return this.users.count({ where: { role: 'admin' } });
  }

  /**
   * Makes the bootstrap admin of ADMIN_EMAIL/ADMIN_PASSWORD exist with that password: created when
   * the email is free; an existing admin gets ADMIN_PASSWORD (changing it, or setting it for the
   * demo admin, takes effect at the next start). A customer account with that email is promoted
   * only if it already has that password: otherwise whoever registered the address first would
   * become admin.
   */
  async ensureAdmin(email: string, password: string): Promise<User> {
    if (!(await this.findForLogin(email))) {
      try {
        return await this.create(email, password, 'admin');
      } catch (error) {
        // Another instance booting at the same moment created it.
        if (!(error instanceof DomainError && error.code === ErrorCode.EMAIL_TAKEN)) throw error;
      }
    }
    const user = (await this.findForLogin(email))!;
    if (await verifyPassword(password, user.passwordHash)) {
      if (user.role === 'admin') return user;
      await this.users.update({ id: user.id }, { role: 'admin' });
      this.logger.log(`Promoted ${user.email} to admin (ADMIN_EMAIL)`);
      return { ...user, role: 'admin' };
    }
    if (user.role !== 'admin') {
      this.logger.error(
        `ADMIN_EMAIL ${user.email} belongs to a customer account with another password: not promoting it`,
      );
      return user;
    }
    const passwordHash = await hashPassword(password);
    await this.users.update({ id: user.id }, { passwordHash });
    this.logger.log(`Set the password of admin ${user.email} to ADMIN_PASSWORD`);
    return { ...user, passwordHash };
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
