import { sql } from "kysely";
import { z } from "zod";
import { type SlaAlert, ZSlaAlerts } from "../../../shared/api/sla";
import type { DbOrTrx } from "../../db/index";
import { forbidden } from "../../http/errors";
import { route } from "../../http/route";
import { iso } from "../../lib/cursor";

// What the SLA watcher told people, read back from the clocks: the open tickets whose running targets were
// warned about or breached and are still unmet. An agent sees the tickets assigned to them; supervisors and
// admins see everyone's. The realtime pushes (`sla.warning`, `sla.breached`) say the same thing live.

/** Unmet, running clocks that were warned or breached: read through the partial index `sla_clocks_alerts`. */
export function alertQuery(db: DbOrTrx, workspaceId: number, assigneeId: number | null, limit: number) {
  return db
    .selectFrom("sla_clocks as c")
    .innerJoin("tickets as t", "t.id", "c.ticket_id")
    .leftJoin("agents as a", "a.id", "t.assignee_id")
    .select([
      "t.number",
      "t.subject",
      "t.assignee_id",
      "a.name as assignee_name",
      "c.target",
      "c.due_at",
      "c.warned_at",
      "c.breached_at",
    ])
    .where("c.workspace_id", "=", workspaceId)
    .where("c.met_at", "is", null)
    .where((eb) => eb.or([eb("c.warned_at", "is not", null), eb("c.breached_at", "is not", null)]))
    .where("c.running_since", "is not", null)
    .where("t.is_open", "=", 1)
    .$if(assigneeId !== null, (q) => q.where("t.assignee_id", "=", assigneeId!))
    .orderBy(sql`coalesce(c.breached_at, c.warned_at)`, "desc")
    .orderBy("t.number", "desc")
    .limit(limit);
}

export const alertRows = (db: DbOrTrx, workspaceId: number, assigneeId: number | null, limit: number) =>
  alertQuery(db, workspaceId, assigneeId, limit).execute();

type Row = Awaited<ReturnType<typeof alertRows>>[number];

export const presentAlert = (r: Row): SlaAlert => ({
  kind: r.breached_at !== null ? ("breached" as const) : ("warning" as const),
  ticket_number: r.number,
  subject: r.subject,
  target: r.target,
  due_at: iso(r.due_at),
  at: iso(r.breached_at ?? r.warned_at),
  assignee: r.assignee_id === null ? null : { id: r.assignee_id, name: r.assignee_name },
});

export const alertRoutes = [
  route({
    method: "GET",
    url: "/api/v1/sla/alerts",
    access: "agent",
    policy: "ticket.read",
    tag: "service levels",
    summary:
      "Open tickets whose SLA target was warned about or breached and is still unmet: yours (scope=mine, an agent's only choice) or everyone's (scope=all, supervisors and admins, their default)",
    response: ZSlaAlerts,
    query: z.object({
      scope: z.enum(["mine", "all"]).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    handler: async ({ ctx, actor, query }) => {
      const lead = actor.role !== "agent";
      const scope = query.scope ?? (lead ? "all" : "mine");
      if (scope === "all" && !lead) throw forbidden("only supervisors and admins see everyone's alerts");
      const rows = await alertRows(ctx.db, actor.workspaceId, scope === "mine" ? actor.agentId : null, query.limit);
      return { scope, data: rows.map(presentAlert) };
    },
  }),
];
