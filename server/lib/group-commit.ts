import { CompiledQuery } from "kysely";
import type { Ctx } from "../context";
import { UnitOfWork } from "../events/outbox";

const SAVEPOINT = CompiledQuery.raw("SAVEPOINT unit");
const RELEASE = CompiledQuery.raw("RELEASE SAVEPOINT unit");
const ROLLBACK_TO = CompiledQuery.raw("ROLLBACK TO SAVEPOINT unit");

/**
 * PostgreSQL's "deadlock detected" and "could not serialize access": the transaction was rolled back whole, and
 * running it again succeeds once the other one has committed. Two intake transactions that each create two
 * tickets (a message and a held reply placed with it) upsert their count rows in opposite orders now and then
 * (bench/ingest.bench.ts, 32 clients, generated messages): the client got a 451 and had to come back later.
 */
const RETRYABLE = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;

type Unit<R> = { work: (uow: UnitOfWork) => Promise<R>; resolve: (r: R) => void; reject: (err: unknown) => void };

/**
 * Group commit: units of work that arrive while a transaction is running wait for it, then run together in
 * the next transaction, each inside a savepoint of its own. One commit then pays for many units (on SQLite a
 * commit is most of a small write's cost), a failing unit rolls back alone, and each caller still hears only
 * once its own unit is durable: a unit resolves after the commit, never before.
 *
 * `lanes` transactions may run at once (1 on SQLite, which has a single writer; a few on PostgreSQL, whose
 * pool can run them in parallel).
 */
export class GroupCommit {
  private readonly waiting: Unit<unknown>[] = [];
  private running = 0;
  private incoming = 0;
  /** Lanes gathering until every announced unit has arrived. */
  private readonly gathering = new Set<() => void>();

  constructor(
    private readonly ctx: Pick<Ctx, "db" | "committed">,
    private readonly opts: { lanes: number; maxBatch: number; gatherMs?: number },
  ) {}

  /**
   * Says that a unit is on its way: its caller is still preparing it (reading a message) and will hand it to
   * run() in a moment. A gathering lane waits for the units on their way, up to `gatherMs`, and commits at once
   * when none is. Call the returned function when the unit is handed over or given up.
   */
  announce(): () => void {
    this.incoming++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.incoming--;
      if (this.incoming === 0) for (const done of [...this.gathering]) done();
    };
  }

  run<R>(work: (uow: UnitOfWork) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ work, resolve, reject } as Unit<unknown>);
      if (this.running < this.opts.lanes) void this.lane();
    });
  }

  private async lane() {
    this.running++;
    try {
      while (this.waiting.length) {
        // A moment's wait lets the units already on their way join this transaction (one commit for all).
        if (this.opts.gatherMs && this.incoming > 0 && this.waiting.length < this.opts.maxBatch)
          await this.gather(this.opts.gatherMs);
        await this.commit(this.waiting.splice(0, this.opts.maxBatch));
      }
    } finally {
      this.running--;
    }
  }

  /** Until every announced unit has arrived, or `ms` have passed. */
  private gather(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.gathering.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.gathering.add(done);
    });
  }

  private async commit(batch: Unit<unknown>[], attempt = 1): Promise<void> {
    const done: { unit: Unit<unknown>; uow: UnitOfWork; value: unknown }[] = [];
    const failed: { unit: Unit<unknown>; err: unknown }[] = [];
    const alone = batch.length === 1;
    const started: UnitOfWork[] = [];
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        for (const unit of batch) {
          const uow = new UnitOfWork(trx, null);
          started.push(uow);
          if (alone) {
            done.push({ unit, uow, value: await unit.work(uow) });
            continue;
          }
          await trx.executeQuery(SAVEPOINT);
          try {
            const value = await unit.work(uow);
            await trx.executeQuery(RELEASE);
            done.push({ unit, uow, value });
          } catch (err) {
            await trx.executeQuery(ROLLBACK_TO);
            await trx.executeQuery(RELEASE);
            uow.settled(false);
            failed.push({ unit, err });
          }
        }
      });
    } catch (err) {
      // The transaction itself failed (or the only unit threw): nothing of this batch is durable.
      for (const uow of started) uow.settled(false);
      if (attempt < ATTEMPTS && RETRYABLE.has((err as { code?: string })?.code ?? ""))
        return this.commit(batch, attempt + 1);
      for (const unit of batch) unit.reject(failed.find((f) => f.unit === unit)?.err ?? err);
      return;
    }
    for (const d of done) d.uow.settled(true);
    const events = done.flatMap((d) => d.uow.events);
    if (events.length) this.ctx.committed(events);
    for (const d of done) d.unit.resolve(d.value);
    for (const f of failed) f.unit.reject(f.err);
  }
}
