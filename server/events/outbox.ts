import type { Db, Trx } from "../db/index";
import type { EventMap, EventName, OutboxEvent } from "./events";

/**
 * A unit of work: the change and its events commit together (the outbox), and the events are handed to the
 * after-commit listeners only once the transaction has succeeded.
 */
export class UnitOfWork {
  readonly events: OutboxEvent[] = [];
  constructor(
    readonly trx: Trx,
    private readonly requestId: string | null,
  ) {}

  async emit<N extends EventName>(workspaceId: number, event: N, payload: EventMap[N]): Promise<void> {
    const created_at = Date.now();
    const row = await this.trx
      .insertInto("outbox")
      .values({ workspace_id: workspaceId, event, payload: JSON.stringify(payload), request_id: this.requestId, created_at })
      .returning("id")
      .executeTakeFirstOrThrow();
    this.events.push({ id: row.id, workspace_id: workspaceId, event, payload, request_id: this.requestId, created_at });
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
  if (uow.events.length > 0) afterCommit(uow.events);
  return result;
}
