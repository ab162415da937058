import { randomBytes, randomUUID } from 'node:crypto';
import { CatalogService } from '../../src/catalog/catalog.service';
import type { ProductDto } from '../../src/catalog/dto/product.dto';
import type { UserRole } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import type { TestApp } from './test-app';

export const PASSWORD = 'correct horse battery 42';

export interface TestUser {
  id: string;
  email: string;
  role: UserRole;
  token: string;
  auth: { Authorization: string };
}

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomBytes(5).toString('hex')}@example.test`;

/** A user made through the service (fast), logged in through HTTP (the real token path). */
export async function createUser(t: TestApp, role: UserRole = 'customer'): Promise<TestUser> {
  const email = uniqueEmail(role);
  const users = t.app.get(UsersService);
  const user = await users.create(email, PASSWORD, role);
  const login = await t.http().post('/auth/login').send({ email, password: PASSWORD }).expect(200);
  const token = login.body.accessToken as string;
  return { id: user.id, email, role, token, auth: { Authorization: `Bearer ${token}` } };
}

export const createAdmin = (t: TestApp) => createUser(t, 'admin');

export async function createProduct(
  t: TestApp,
  overrides: Partial<{ sku: string; name: string; unitAmount: number; active: boolean }> = {},
): Promise<ProductDto> {
  return t.app.get(CatalogService).create({
    sku: `SKU-${randomUUID().slice(0, 8)}`,
    name: 'Test product',
    unitAmount: 1000,
    ...overrides,
  });
}

export async function createOrder(
  t: TestApp,
  user: TestUser,
  items: { productId: string; quantity: number }[],
): Promise<{ id: string; totalAmount: number; status: string }> {
  const response = await t.http().post('/orders').set(user.auth).send({ items }).expect(201);
  return response.body;
}

export async function countRows(t: TestApp, table: string): Promise<number> {
  const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM "${table}"`);
  return count;
}
