import { NAMED_STATEMENTS_OPTION } from './statements';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importClassesFromDirectories } from 'typeorm/util/DirectoryExportedClassesLoader';
import { DATABASE_POOL_DEFAULTS } from '../config/app-config';
import { dataSourceOptions, migrationFilesIn, poolOptions } from './data-source-options';

/** What TypeORM does with `migrations: [pattern]`: glob, require, collect exported classes. */
const loadMigrationClasses = (pattern: string) =>
  importClassesFromDirectories({ log: () => undefined } as never, [pattern], ['.js', '.ts']);

describe('migrationFilesIn', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'orderpay-migrations-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function folderWith(name: string, files: Record<string, string>): string {
    const folder = path.join(root, name, 'migrations');
    mkdirSync(folder, { recursive: true });
    for (const [file, code] of Object.entries(files)) writeFileSync(path.join(folder, file), code);
    return folder;
  }

  it('should find timestamped migrations and skip other files, such as an old index.js', async () => {
    const folder = folderWith('plain', {
      '1700000000000-First.js': 'exports.First1700000000000 = class First1700000000000 {};',
      '1700000000001-Second.js': 'exports.Second1700000000001 = class Second1700000000001 {};',
      'index.js': 'exports.migrations = [class Stale {}];',
      '1700000000000-First.js.map': '{}',
    });

    const classes = await loadMigrationClasses(migrationFilesIn(folder));

    expect(classes.map((migration) => migration.name).sort()).toEqual(['First1700000000000', 'Second1700000000001']);
  });

  it.each(['projects (old)', 'clone [2]', 'a{b,c}', 'wow!+@'])(
    'should find migrations in a clone under "%s"',
    async (name) => {
      const folder = folderWith(name, {
        '1700000000000-First.js': 'exports.First1700000000000 = class First1700000000000 {};',
      });

      const classes = await loadMigrationClasses(migrationFilesIn(folder));

      expect(classes.map((migration) => migration.name)).toEqual(['First1700000000000']);
    },
  );
});

describe(poolOptions.name, () => {
  it('should give node-postgres the pool size, timeouts and the statement timeout as a startup parameter', () => {
    expect(poolOptions(DATABASE_POOL_DEFAULTS)).toEqual({
      max: 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 10_000,
      statement_timeout: 15_000,
      query_timeout: 17_000,
    });
  });

  it('should send no startup parameter behind PgBouncer, keeping the client-side backstop', () => {
    const options = poolOptions({ ...DATABASE_POOL_DEFAULTS, statementTimeoutMs: 30_000, pgBouncer: true });
    expect(options).not.toHaveProperty('statement_timeout');
    expect(options).toMatchObject({ query_timeout: 32_000 });
  });

  it('should be what the DataSource options carry', () => {
    const pool = { ...DATABASE_POOL_DEFAULTS, max: 3 };
    expect(dataSourceOptions('postgres://localhost/x', [], pool).extra).toEqual({
      ...poolOptions(pool),
      [NAMED_STATEMENTS_OPTION]: true,
    });
  });

  it('should name no prepared statement behind PgBouncer in transaction mode', () => {
    const pool = { ...DATABASE_POOL_DEFAULTS, pgBouncer: true };
    expect(dataSourceOptions('postgres://localhost/x', [], pool).extra).toMatchObject({
      [NAMED_STATEMENTS_OPTION]: false,
    });
  });
});
