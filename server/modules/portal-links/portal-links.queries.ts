import type { Insertable } from "kysely";
import type { Ctx } from "../../context";
import type { Db } from "../../db/index";
import type { CustomerSessionTable, PortalLinkTable } from "../../db/schema";

// Queries of portal sign-in links and customer sessions. No rules here. Ids are hashes of the tokens.

export const insertPortalLink = (ctx: Ctx, row: Insertable<PortalLinkTable>) =>
  ctx.db.insertInto("portal_links").values(row).execute();

export const portalLink = (ctx: Ctx, id: string) =>
  ctx.db.selectFrom("portal_links").selectAll().where("id", "=", id).executeTakeFirst();

/** Marks a single-use link used unless it already is; whether this call was the one that did. */
export const claimPortalLink = async (ctx: Ctx, id: string, now: number) =>
  Number(
    (
      await ctx.db
        .updateTable("portal_links")
        .set({ used_at: now })
        .where("id", "=", id)
        .where("used_at", "is", null)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** Single-use links created for the customer since `since`. */
export const signInLinksSince = async (ctx: Ctx, customerId: number, since: number) =>
  Number(
    (
      await ctx.db
        .selectFrom("portal_links")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("customer_id", "=", customerId)
        .where("single_use", "=", 1)
        .where("created_at", ">", since)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const touchPortalLink = (ctx: Ctx, id: string, now: number) =>
  ctx.db.updateTable("portal_links").set({ used_at: now }).where("id", "=", id).execute();

export const insertCustomerSession = (ctx: Ctx, row: Insertable<CustomerSessionTable>) =>
  ctx.db.insertInto("customer_sessions").values(row).execute();

/** Takes a db handle: the API's actor resolution (auth.service.ts) calls it with one. */
export const customerSessionRow = (db: Db, id: string) =>
  db.selectFrom("customer_sessions").selectAll().where("id", "=", id).executeTakeFirst();

export const deleteCustomerSession = (ctx: Ctx, id: string) =>
  ctx.db.deleteFrom("customer_sessions").where("id", "=", id).execute();
