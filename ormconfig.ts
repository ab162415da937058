import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ENTITY_FILES } from './src/database/data-source-options';

/**
 * The DataSource the TypeORM CLI uses (`npm run migration:run|revert`, and
 * `npm run migration:generate -- Name`, which sets DATABASE_URL to a throwaway database itself).
 * Migrations and entities are found by file name (see data-source-options.ts).
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to run the TypeORM CLI (npm start prints the embedded one).');

export default new DataSource(dataSourceOptions(url, [ENTITY_FILES]));
