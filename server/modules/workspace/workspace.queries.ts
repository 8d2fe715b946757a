import { dbOf, type Runner } from "../../db/index";
import type { Updateable } from "kysely";
import type { WorkspaceTable } from "../../db/schema";

export const workspaceById = (on: Runner, id: number) =>
  dbOf(on).selectFrom("workspaces").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

export const updateWorkspace = (on: Runner, id: number, set: Updateable<WorkspaceTable>) =>
  dbOf(on).updateTable("workspaces").set(set).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
