import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importClassesFromDirectories } from 'typeorm/util/DirectoryExportedClassesLoader';
import { migrationFilesIn } from './data-source-options';

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
