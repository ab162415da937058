import { Foundation1795705528118 } from './1795705528118-Foundation';
import { Payments1795706217619 } from './1795706217619-Payments';
import { Refunds1795706782707 } from './1795706782707-Refunds';
import { RefundsByOrder1795708667649 } from './1795708667649-RefundsByOrder';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the app, the CLI and the tests
 * load exactly the same set under tsc, swc and jest alike. `npm run migration:generate -- Name`
 * writes a new file; add its class here.
 */
export const migrations: Function[] = [Foundation1795705528118, Payments1795706217619, Refunds1795706782707, RefundsByOrder1795708667649];
