import type { Db, Trx } from "../db/index";
import { insertQuery } from "../db/statements";
import type { EventMap, EventName, OutboxEvent } from "./events";

/**
 * A unit of work: the change and its events commit together (the outbox), and the events are handed to the
 * after-commit listeners only once the transaction has succeeded.
 */
export class UnitOfWork {
  readonly events: OutboxEvent[] = [];
  private readonly committed: (() => void)[] = [];
  private readonly rolledBack: (() => void)[] = [];
  private ended = false;
  constructor(
    readonly trx: Trx,
    private readonly requestId: string | null,
  ) {}

  /** Runs once the unit has committed (never if it fails), before its caller hears of it. */
  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** Runs if the unit's changes are rolled back instead, to undo what it did outside the database. */
  onRollback(fn: () => void): void {
    this.rolledBack.push(fn);
  }

  /** Whoever runs the transaction says how the unit ended: its callbacks for that end run, once. */
  settled(committed: boolean): void {
    if (this.ended) return;
    this.ended = true;
    for (const f of committed ? this.committed : this.rolledBack) f();
  }

  emit<N extends EventName>(workspaceId: number, event: N, payload: EventMap[N]): Promise<void> {
    return this.emitAll(workspaceId, [
      { event, payload } as { [K in EventName]: { event: K; payload: EventMap[K] } }[EventName],
    ]);
  }

  /** Several events in one statement: a use case that causes two events pays one round trip. */
  async emitAll(
    workspaceId: number,
    events: { [K in EventName]: { event: K; payload: EventMap[K] } }[EventName][],
  ): Promise<void> {
    const e = this.emitStatement(workspaceId, events);
    e.emitted((await this.trx.executeQuery<{ id: number }>(e.query)).rows);
  }

  /** emitAll in two steps, for sending with other writes (writeTogether): the statement, then its rows. */
  emitStatement(workspaceId: number, events: { [K in EventName]: { event: K; payload: EventMap[K] } }[EventName][]) {
    const created_at = Date.now();
    const rows = events.map((e) => ({
      workspace_id: workspaceId,
      event: e.event,
      payload: JSON.stringify(e.payload),
      request_id: this.requestId,
      created_at,
    }));
    const query = insertQuery(this.trx, "outbox", rows, 'returning "id"');
    const emitted = (rows: { id: number }[]) =>
      events.forEach((e, i) =>
        this.events.push({
          id: rows[i].id,
          workspace_id: workspaceId,
          event: e.event,
          payload: e.payload,
          request_id: this.requestId,
          created_at,
        } as OutboxEvent),
      );
    return { query, emitted };
  }
}

export type AfterCommit = (events: OutboxEvent[]) => void;

export async function inTransaction<T>(
  db: Db,
  afterCommit: AfterCommit,
  requestId: string | null,
  fn: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  let uow: UnitOfWork | undefined;
  let result: T;
  try {
    result = await db.transaction().execute(async (trx) => {
      uow = new UnitOfWork(trx, requestId);
      return fn(uow);
    });
  } catch (err) {
    uow?.settled(false);
    throw err;
  }
  uow!.settled(true);
  if (uow!.events.length > 0) afterCommit(uow!.events);
  return result;
}
