import { startAppInstance } from './support/app-instance';
import { createTestDatabase } from './support/test-database';

describe('Pool settings of a direct connection (e2e)', () => {
  it('should send DB_STATEMENT_TIMEOUT_MS as the connection statement timeout', async () => {
    const database = await createTestDatabase();
    const t = await startAppInstance(database.url, {
      DB_STATEMENT_TIMEOUT_MS: '300',
      DB_POOL_MAX: '3',
    });
    try {
      const [{ statement_timeout }] =
        await t.dataSource.query<{ statement_timeout: string }[]>('SHOW statement_timeout');
      expect(statement_timeout).toBe('300ms');
      await expect(t.dataSource.query('SELECT pg_sleep(2)')).rejects.toThrow(/statement timeout/);
      expect((t.dataSource.driver as unknown as { master: { options: { max: number } } }).master.options.max).toBe(3);
    } finally {
      await t.close();
      await database.drop();
    }
  });
});
