import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

const PENDING = Symbol('metrics recorded in this transaction');

type PendingRecords = { [PENDING]?: (() => void)[] };

/**
 * Holds metric updates made inside a transaction until it commits, and drops them when it rolls
 * back: a state change that never happened must not be counted, and its retry must count once.
 * The records ride on the transaction's QueryRunner (TypeORM's `data`, meant for subscribers).
 */
export class AfterCommitMetrics implements EntitySubscriberInterface {
  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  run(manager: EntityManager | undefined, record: () => void): void {
    const runner = manager?.queryRunner;
    if (!runner?.isTransactionActive) {
      record();
      return;
    }
    const data = runner.data as PendingRecords;
    (data[PENDING] ??= []).push(record);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint is not a commit: wait for the outermost transaction.
    if (event.queryRunner.isTransactionActive) return;
    for (const record of takePending(event.queryRunner)) record();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    // Rolling back to a savepoint does not say which records it undid: keep them for the outcome
    // of the whole transaction (nothing in orderpay uses savepoints today).
    if (event.queryRunner.isTransactionActive) return;
    takePending(event.queryRunner);
  }
}

function takePending(runner: QueryRunner): (() => void)[] {
  const data = runner.data as PendingRecords;
  const pending = data[PENDING] ?? [];
  delete data[PENDING];
  return pending;
}
