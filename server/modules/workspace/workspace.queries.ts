import type { Updateable } from "kysely";
import type { Ctx } from "../../context";
import type { WorkspaceTable } from "../../db/schema";

export const workspaceById = (ctx: Ctx, id: number) =>
  ctx.db.selectFrom("workspaces").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

export const updateWorkspace = (ctx: Ctx, id: number, set: Updateable<WorkspaceTable>) =>
  ctx.db.updateTable("workspaces").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
