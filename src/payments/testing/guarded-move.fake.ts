import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { GuardedMove } from '../../database/guarded-move';
import { clockTime } from '../payment-transitions';

/**
 * For unit specs with in-memory repositories (`jest.mock('…/database/guarded-move', …)`): the
 * one-statement move as the two writes it stands for, a guarded update then, if it matched, the
 * audit row. A spec's manager may give the move repositories of its own (`moveRepositories`), so
 * its `getRepository` can still refuse any other write. The SQL itself is tested on PostgreSQL
 * (test/guarded-move.e2e-spec.ts).
 */
export async function guardedMoveOnRepositories<T extends ObjectLiteral>(
  manager: EntityManager,
  move: GuardedMove<T>,
): Promise<boolean> {
  // The statement leaves a column whose change is `undefined` as it is.
  const changes = Object.fromEntries(Object.entries(move.changes ?? {}).filter(([, value]) => value !== undefined));
  const repositories = (manager as EntityManager & { moveRepositories?: EntityManager['getRepository'] })
    .moveRepositories;
  const repository = repositories ?? manager.getRepository.bind(manager);
  const result = await repository(move.entity).update(
    { id: move.id, status: move.from } as never,
    { ...changes, status: move.to } as never,
  );
  if (!result.affected) return false;
  await repository(move.audit.entity).insert({
    [move.audit.owner]: move.id,
    fromStatus: move.from,
    toStatus: move.to,
    cause: move.cause,
    at: clockTime,
  });
  return true;
}
