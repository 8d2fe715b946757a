import type { Db, Trx } from "../db/index";
import { insertQuery } from "../db/statements";
import type { EventMap, EventName, OutboxEvent } from "./events";

/**
 * A unit of work: the change and its events commit together (the outbox), and the events are handed to the
 * after-commit listeners only once the transaction has succeeded.
 */
export class UnitOfWork {
  readonly events: OutboxEvent[] = [];
  /** What runs once the unit has committed (never if it fails), before its caller hears of it. */
  readonly committed: (() => void)[] = [];
  constructor(
    readonly trx: Trx,
    private readonly requestId: string | null,
  ) {}

  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  emit<N extends EventName>(workspaceId: number, event: N, payload: EventMap[N]): Promise<void> {
    return this.emitAll(workspaceId, [{ event, payload } as { [K in EventName]: { event: K; payload: EventMap[K] } }[EventName]]);
  }

  /** Several events in one statement: a use case that causes two events pays one round trip. */
  async emitAll(workspaceId: number, events: { [K in EventName]: { event: K; payload: EventMap[K] } }[EventName][]): Promise<void> {
    const e = this.emitStatement(workspaceId, events);
    e.emitted((await this.trx.executeQuery<{ id: number }>(e.query)).rows);
  }

  /** emitAll in two steps, for sending with other writes (writeTogether): the statement, then its rows. */
  emitStatement(workspaceId: number, events: { [K in EventName]: { event: K; payload: EventMap[K] } }[EventName][]) {
    const created_at = Date.now();
    const rows = events.map((e) => ({ workspace_id: workspaceId, event: e.event, payload: JSON.stringify(e.payload), request_id: this.requestId, created_at }));
    const query = insertQuery(this.trx, "outbox", rows, 'returning "id"');
    const emitted = (rows: { id: number }[]) =>
      events.forEach((e, i) => this.events.push({ id: rows[i].id, workspace_id: workspaceId, event: e.event, payload: e.payload, request_id: this.requestId, created_at } as OutboxEvent));
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
  let uow!: UnitOfWork;
  const result = await db.transaction().execute(async (trx) => {
    uow = new UnitOfWork(trx, requestId);
    return fn(uow);
  });
  for (const f of uow.committed) f();
  if (uow.events.length > 0) afterCommit(uow.events);
  return result;
}
