import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** True for a unique-constraint violation, optionally of one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION && (!constraint || driverError.constraint === constraint);
}
