import 'reflect-metadata';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * The DataSource the TypeORM CLI uses (`npm run migration:generate -- src/database/migrations/Name`).
 * It needs DATABASE_URL: to generate against the embedded database, start the app once and use
 * the URL it prints.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to run the TypeORM CLI (npm start prints the embedded one).');

export default new DataSource(dataSourceOptions(url, [path.join(__dirname, 'src', '**', '*.entity.{js,ts}')]));
