import { Foundation1795705528118 } from './1795705528118-Foundation';
import { Payments1795706217619 } from './1795706217619-Payments';
import { Refunds1795706782707 } from './1795706782707-Refunds';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the app, the CLI and the tests
 * load exactly the same set under tsc, swc and jest alike. `npm run migration:generate -- Name`
 * writes a new file; add its class here.
 */
export const migrations: Function[] = [Foundation1795705528118, Payments1795706217619, Refunds1795706782707];
