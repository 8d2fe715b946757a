import { dbOf, type Runner } from "../../db/index";
import type { Updateable } from "kysely";
import type { WorkspaceTable } from "../../db/schema";

export const workspaceById = (on: Runner, id: number) =>
  dbOf(on).selectFrom("workspaces").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** The workspace's default language: what it writes in when no person's language applies. */
export const workspaceLanguage = async (on: Runner, id: number): Promise<"it" | "en"> =>
  (await dbOf(on).selectFrom("workspaces").select("default_language").where("id", "=", id).executeTakeFirst())
    ?.default_language === "en"
    ? "en"
    : "it";

export const updateWorkspace = (on: Runner, id: number, set: Updateable<WorkspaceTable>) =>
  dbOf(on).updateTable("workspaces").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();

/** The public workspace (the first one: one installation serves one workspace to the public) with its brand. */
export const publicBrand = (on: Runner) =>
  dbOf(on)
    .selectFrom("workspaces")
    .select(["id", "name", "brand_color", "logo_sha256", "logo_type"])
    .orderBy("id")
    .executeTakeFirstOrThrow();
