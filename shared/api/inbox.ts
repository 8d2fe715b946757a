import { z } from "zod";
import { ZDateTime, ZId, ZList, ZNamed } from "./common";

// The triage inbox: what a list row says about a ticket for the agent who reads it, and saved views.

/** A ticket's triage marks for the agent reading the list (GET /api/v1/tickets only). */
export const ZTriage = z.strictObject({
  /** The customer wrote after this agent last opened the ticket (or they never opened it). */
  unread: z.boolean(),
  /** The last public message is the customer's, answering a reply of ours. */
  customer_replied: z.boolean(),
  /** The last public message: who wrote it, when, and its first 200 characters. */
  last_message: z
    .strictObject({
      author: z.enum(["customer", "agent", "system"]),
      preview: z.string(),
      at: ZDateTime,
    })
    .nullable(),
});
export type Triage = z.infer<typeof ZTriage>;

const VIEW_NAMES = ["mine", "unassigned", "my_teams", "all_open", "pending", "solved"] as const;

/** Filters and sort of the inbox under a name: the agent's own, or shared with the workspace by a supervisor. */
export const ZSavedView = z.strictObject({
  id: ZId,
  name: z.string(),
  /** The inbox view it starts from. */
  view: z.enum(VIEW_NAMES),
  /** The inbox's query string (status=open&sort=due_asc), as the address of the list carries it. */
  query: z.string(),
  shared: z.boolean(),
  owner: ZNamed,
  /** Whether the signed-in agent may change or delete it (its owner, or a supervisor for a shared one). */
  editable: z.boolean(),
  created_at: ZDateTime,
  updated_at: ZDateTime,
});
export type SavedView = z.infer<typeof ZSavedView>;
export const ZSavedViewList = ZList(ZSavedView);

export const ZCreateSavedView = z.strictObject({
  name: z.string().trim().min(1).max(80),
  view: z.enum(VIEW_NAMES),
  query: z.string().max(1000).default(""),
  /** Shared with the workspace: supervisors and admins only (403 otherwise). */
  shared: z.boolean().default(false),
});
export type CreateSavedView = z.input<typeof ZCreateSavedView>;
export const ZUpdateSavedView = ZCreateSavedView.partial();
export type UpdateSavedView = z.input<typeof ZUpdateSavedView>;
