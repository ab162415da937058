import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { GuardedMove } from '../../database/guarded-move';
import { clockTime } from '../payment-transitions';

/**
 * For unit specs with in-memory repositories (`jest.mock('…/database/guarded-move', …)`): the
 * one-statement move as the two writes it stands for, a guarded update then, if it matched, the
 * audit row. The SQL itself is tested on PostgreSQL (test/guarded-move.e2e-spec.ts).
 */
export async function guardedMoveOnRepositories<T extends ObjectLiteral>(
  manager: EntityManager,
  move: GuardedMove<T>,
): Promise<boolean> {
  const result = await manager
    .getRepository(move.entity)
    .update({ id: move.id, status: move.from } as never, { ...move.changes, status: move.to } as never);
  if (!result.affected) return false;
  await manager.getRepository(move.audit.entity).insert({
    [move.audit.owner]: move.id,
    fromStatus: move.from,
    toStatus: move.to,
    cause: move.cause,
    at: clockTime,
  });
  return true;
}
