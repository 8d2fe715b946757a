import { dbOf, type Runner } from "../../db/index";
import type { Insertable } from "kysely";
import type { CustomerSessionTable, PortalLinkTable } from "../../db/schema";

// Queries of portal sign-in links and customer sessions. No rules here. Ids are hashes of the tokens.

export const insertPortalLink = (on: Runner, row: Insertable<PortalLinkTable>) =>
  dbOf(on).insertInto("portal_links").values(row).execute();

export const portalLink = (on: Runner, id: string) =>
  dbOf(on).selectFrom("portal_links").selectAll().where("id", "=", id).executeTakeFirst();

/** Marks a single-use link used unless it already is; whether this call was the one that did. */
export const claimPortalLink = async (on: Runner, id: string, now: number) =>
  Number(
    (
      await dbOf(on)
        .updateTable("portal_links")
        .set({ used_at: now })
        .where("id", "=", id)
        .where("used_at", "is", null)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

/** Single-use links created for the customer since `since`. */
export const signInLinksSince = async (on: Runner, customerId: number, since: number) =>
  Number(
    (
      await dbOf(on)
        .selectFrom("portal_links")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("customer_id", "=", customerId)
        .where("single_use", "=", 1)
        .where("created_at", ">", since)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const touchPortalLink = (on: Runner, id: string, now: number) =>
  dbOf(on).updateTable("portal_links").set({ used_at: now }).where("id", "=", id).execute();

export const insertCustomerSession = (on: Runner, row: Insertable<CustomerSessionTable>) =>
  dbOf(on).insertInto("customer_sessions").values(row).execute();

/** Takes a db handle: the API's actor resolution (auth.service.ts) calls it with one. */
export const customerSessionRow = (on: Runner, id: string) =>
  dbOf(on).selectFrom("customer_sessions").selectAll().where("id", "=", id).executeTakeFirst();

export const deleteCustomerSession = (on: Runner, id: string) =>
  dbOf(on).deleteFrom("customer_sessions").where("id", "=", id).execute();
