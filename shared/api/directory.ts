import { z } from "zod";
import { AGENT_ROLES, AGENT_TIERS, LANGUAGES } from "../enums";
import { ZDateTime, ZId, ZList, ZNamed, ZPage } from "./common";

// The people and groups of a workspace: customers, organizations, agents, teams; the signed-in agent and tokens.

export const ZCustomer = z.strictObject({
  id: ZId,
  workspace_id: ZId,
  email: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.enum(LANGUAGES).nullable(),
  organization_id: ZId.nullable(),
  external_id: z.string().nullable(),
  /** What agents keep about the customer. */
  notes: z.string().nullable(),
  created_at: ZDateTime,
  updated_at: ZDateTime,
});
export type Customer = z.infer<typeof ZCustomer>;
export const ZCustomerPage = ZPage(ZCustomer);

/** A customer's or an organization's tickets: open (new to on hold), solved or closed, and in all (merged ones left out). */
export const ZTicketTally = z.strictObject({
  total: z.number().int(),
  open: z.number().int(),
  solved: z.number().int(),
});
export type TicketTally = z.infer<typeof ZTicketTally>;

export const ZOrganization = z.strictObject({
  id: ZId,
  name: z.string(),
  support_plan: z.strictObject({ name: z.string().nullable(), tier: z.number().int().nullable() }),
  annual_revenue: z.number().nullable(),
  account_owner_id: ZId.nullable(),
  /** Colleagues in the organization see each other's requests in the portal. */
  portal_shared: z.boolean(),
  /** What agents keep about the organization. */
  notes: z.string().nullable(),
  created_at: ZDateTime,
  updated_at: ZDateTime,
});
export type Organization = z.infer<typeof ZOrganization>;
export const ZOrganizationPage = ZPage(ZOrganization);

/**
 * GET /api/v1/customers/{id}/profile: the customer, their organization and plan, and their tickets counted.
 * Satisfaction and risk will join it (the listening and insights work) as fields of their own.
 */
export const ZCustomerProfile = z.strictObject({
  customer: ZCustomer,
  organization: ZOrganization.nullable(),
  tickets: ZTicketTally,
});
export type CustomerProfile = z.infer<typeof ZCustomerProfile>;

/** GET /api/v1/organizations/{id}/profile: the organization, how many customers it has, their tickets counted. */
export const ZOrganizationProfile = z.strictObject({
  organization: ZOrganization,
  customers: z.number().int(),
  tickets: ZTicketTally,
});
export type OrganizationProfile = z.infer<typeof ZOrganizationProfile>;

export const ZAgent = z.strictObject({
  id: ZId,
  name: z.string(),
  email: z.string(),
  role: z.enum(AGENT_ROLES),
  tier: z.enum(AGENT_TIERS),
  languages: z.array(z.enum(LANGUAGES)),
  active: z.boolean(),
  /** false while away: automatic assignment passes the agent by. */
  available: z.boolean(),
  skills: z.array(z.string()),
  created_at: ZDateTime,
});
export type Agent = z.infer<typeof ZAgent>;
export const ZAgentPage = ZPage(ZAgent);
/** POST /api/v1/agents/:id/unlock: whether wrong passwords had delayed or locked the agent's sign-in. */
export const ZUnlocked = z.strictObject({ unlocked: z.boolean() });
export type Unlocked = z.infer<typeof ZUnlocked>;

/** GET /api/v1/audit-events: the workspace's security events, newest first (the last 200). */
export const ZAuditEvent = z.strictObject({
  id: ZId,
  action: z.enum(["login.locked", "login.unlocked", "customer.exported"]),
  /** The agent the event is about (null for a customer's export: details.customer_id names the customer). */
  agent_id: ZId.nullable(),
  /** Who did it; null for the system (a lock by wrong passwords). */
  actor_agent_id: ZId.nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  created_at: ZDateTime,
});
export const ZAuditEventList = ZList(ZAuditEvent);

export const ZTeam = z.strictObject({
  id: ZId,
  name: z.string(),
  member_ids: z.array(ZId),
  tier: z.enum(AGENT_TIERS),
  auto_assign: z.boolean(),
  capacity: z.number().int().positive(),
});
export type Team = z.infer<typeof ZTeam>;
export const ZTeamPage = ZPage(ZTeam);

/** GET /api/v1/me: the signed-in agent, their teams and, for a browser session, the CSRF token. */
export const ZMe = z.strictObject({
  id: ZId,
  name: z.string(),
  email: z.string(),
  role: z.enum(AGENT_ROLES),
  tier: z.enum(AGENT_TIERS),
  languages: z.array(z.enum(LANGUAGES)),
  available: z.boolean(),
  /** The IANA zone the app shows dates and times in; null: the browser's own. */
  time_zone: z.string().nullable(),
  /** The language of the emails sent to this agent; null: the workspace's default. */
  language: z.enum(LANGUAGES).nullable(),
  teams: z.array(ZNamed),
  csrf_token: z.string().nullable(),
});
export type Me = z.infer<typeof ZMe>;

/** PATCH /api/v1/me: the agent's own settings, as saved. */
export const ZMySettings = z.strictObject({
  available: z.boolean(),
  time_zone: z.string().nullable(),
  language: z.enum(LANGUAGES).nullable(),
});
export type MySettings = z.infer<typeof ZMySettings>;

/** POST /api/v1/auth/login: who signed in, and the CSRF token their writes echo in X-CSRF-Token. */
export const ZLoginResult = z.strictObject({
  agent: z.strictObject({ id: ZId, name: z.string(), email: z.string(), role: z.enum(AGENT_ROLES) }),
  csrf_token: z.string(),
});
export type LoginResult = z.infer<typeof ZLoginResult>;

/** A personal API token as listed: never the secret. */
export const ZApiToken = z.strictObject({
  id: ZId,
  name: z.string(),
  prefix: z.string(),
  created_at: ZDateTime,
  last_used_at: ZDateTime.nullable(),
});
export type ApiToken = z.infer<typeof ZApiToken>;
export const ZApiTokenList = ZList(ZApiToken);

/** A token just created: the secret (`token`) is shown this once. */
export const ZApiTokenCreated = ZApiToken.omit({ last_used_at: true }).extend({ token: z.string() });
export type ApiTokenCreated = z.infer<typeof ZApiTokenCreated>;

export const ZWorkspace = z.strictObject({
  id: ZId,
  name: z.string(),
  default_language: z.enum(LANGUAGES),
  timezone: z.string(),
  support_address: z.string().nullable(),
  /** Days after solving in which a customer may reopen a request from the portal. */
  portal_reopen_days: z.number().int().nonnegative(),
  /** Origins whose pages may frame the public web form (/form); empty: none may. */
  form_frame_origins: z.array(z.string()),
  /** Seconds a public reply is held, with an "Undo", before it is sent (0–30). */
  undo_send_seconds: z.number().int().min(0).max(30),
  /** The help centre's colour, #rrggbb; null: the default. */
  brand_color: z.string().nullable(),
  /** The public address of the logo (PUT/DELETE /api/v1/workspace/logo), versioned by its content; null: none. */
  logo_url: z.string().nullable(),
  created_at: ZDateTime,
});
export type Workspace = z.infer<typeof ZWorkspace>;
