import type { Insertable, Updateable } from "kysely";
import type { Ctx } from "../../context";
import type { OrganizationTable } from "../../db/schema";
import { pageById } from "../../lib/paging";

export const organizationsPage = (ctx: Ctx, workspaceId: number, limit: number, cursor: string | undefined) =>
  pageById(ctx.db.selectFrom("organizations").selectAll().where("workspace_id", "=", workspaceId), "id", limit, cursor);

export const findOrganization = (ctx: Ctx, workspaceId: number, id: number) =>
  ctx.db
    .selectFrom("organizations")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();

export const organizationExists = async (ctx: Ctx, workspaceId: number, id: number) =>
  !!(await ctx.db
    .selectFrom("organizations")
    .select("id")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst());

export const insertOrganization = (ctx: Ctx, row: Insertable<OrganizationTable>) =>
  ctx.db.insertInto("organizations").values(row).returningAll().executeTakeFirstOrThrow();

export const updateOrganization = (ctx: Ctx, id: number, set: Updateable<OrganizationTable>) =>
  ctx.db.updateTable("organizations").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();

export const organizationHasCustomers = async (ctx: Ctx, id: number) =>
  !!(await ctx.db.selectFrom("customers").select("id").where("organization_id", "=", id).limit(1).executeTakeFirst());

export const deleteOrganization = (ctx: Ctx, id: number) =>
  ctx.db.deleteFrom("organizations").where("id", "=", id).execute();
