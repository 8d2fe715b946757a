import type { AgentRole, AgentTier } from "../../shared/enums";

export interface AgentActor {
  kind: "agent";
  workspaceId: number;
  agentId: number;
  name: string;
  role: AgentRole;
  tier: AgentTier;
  via: "session" | "token" | "cli";
  /** The session (the hash of its cookie) of a signed-in agent: a password change keeps this one alive. */
  sessionId?: string;
  csrfToken?: string;
}

export interface CustomerActor {
  kind: "customer";
  workspaceId: number;
  customerId: number;
  /** The portal session (the hash of its cookie) the customer signed in with: uploads count against it. */
  sessionId?: string;
  /** Portal sessions echo it in X-CSRF-Token on every write. */
  csrfToken?: string;
}

export interface SystemActor {
  kind: "system";
  workspaceId: number;
}

export type Actor = AgentActor | CustomerActor | SystemActor;

export function actorRef(actor: Actor): { actor_type: "agent" | "customer" | "system"; actor_id: number | null } {
  if (actor.kind === "agent") return { actor_type: "agent", actor_id: actor.agentId };
  if (actor.kind === "customer") return { actor_type: "customer", actor_id: actor.customerId };
  return { actor_type: "system", actor_id: null };
}
