import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';
import type { AuthUser } from './jwt-payload';

/** Bounds the memory a flood of distinct valid tokens can take; the oldest entries go first. */
const MAX_ENTRIES = 10_000;

/**
 * Who a token's subject is now: its role and existence read from the database, not from the token,
 * so a demoted admin loses admin routes and a deleted account is refused within
 * AUTH_USER_CACHE_SECONDS on every instance, not when the token expires. Each instance keeps the
 * answer that long, so an authenticated request costs a query at most once per user per period.
 */
@Injectable()
export class CurrentUsers {
  private readonly ttlMs: number;
  private readonly cache = new Map<string, { expiresAt: number; user: Promise<AuthUser | null> }>();

  constructor(
    private readonly users: UsersService,
    config: AppConfig,
  ) {
    this.ttlMs = config.auth.userCacheSeconds * 1000;
  }

  /** The user as the database has it now (give or take the cache period), or null once deleted. */
  find(id: string): Promise<AuthUser | null> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > now) return cached.user;
    const user = this.users.findById(id).then((row) => (row ? { id: row.id, email: row.email, role: row.role } : null));
    if (this.ttlMs > 0) {
      this.cache.delete(id);
      if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      // Concurrent requests of one user share the one query; a failed one is not remembered.
      this.cache.set(id, { expiresAt: now + this.ttlMs, user });
      user.catch(() => this.cache.delete(id));
    }
    return user;
  }
}
