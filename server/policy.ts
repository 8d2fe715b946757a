import type { AgentRole } from "../shared/enums";
import type { Actor } from "./http/actor";

// Who may do what, as data. Ownership (a customer sees only their own requests, an object belongs to the
// actor's workspace) is checked where the object is loaded; this table answers the role question only.
const AGENT_ALL: AgentRole[] = ["admin", "supervisor", "agent"];
const LEADS: AgentRole[] = ["admin", "supervisor"];
const ADMIN: AgentRole[] = ["admin"];

export const PERMISSIONS = {
  "ticket.read": AGENT_ALL,
  "ticket.create": AGENT_ALL,
  "ticket.update": AGENT_ALL,
  "ticket.reply": AGENT_ALL,
  "ticket.note": AGENT_ALL,
  "ticket.merge": AGENT_ALL,
  "customer.read": AGENT_ALL,
  "customer.write": AGENT_ALL,
  "customer.delete": LEADS,
  /** A customer's data export (GDPR): everything about one person leaves the system. */
  "customer.export": LEADS,
  "organization.read": AGENT_ALL,
  "organization.write": LEADS,
  "agent.read": AGENT_ALL,
  "agent.write": ADMIN,
  "audit.read": ADMIN,
  "team.read": AGENT_ALL,
  "team.write": LEADS,
  "token.manage": AGENT_ALL,
  "webhook.manage": ADMIN,
  "workspace.read": AGENT_ALL,
  "workspace.update": ADMIN,
  "search.run": AGENT_ALL,
  "attachment.upload": AGENT_ALL,
  "attachment.read": AGENT_ALL,
  "realtime.connect": AGENT_ALL,
  "mailbox.read": AGENT_ALL,
  "mailbox.manage": ADMIN,
  "calendar.read": AGENT_ALL,
  "calendar.manage": LEADS,
  "ticket.escalate": AGENT_ALL,
  "escalation.manage": LEADS,
  "report.read": LEADS,
  "override.approve": LEADS,
  "mail_template.manage": LEADS,
  "macro.use": AGENT_ALL,
  /** Shared macros (everyone's): personal ones are their owner's. */
  "macro.share": LEADS,
  "playbook.read": AGENT_ALL,
  "playbook.manage": LEADS,
  "question.review": LEADS,
  // The help centre: every agent reads and writes articles (the first line writes the FAQ it answers with);
  // deleting articles and changing categories is for leads.
  "kb.read": AGENT_ALL,
  "kb.write": AGENT_ALL,
  "kb.manage": LEADS,
  "notification.read": AGENT_ALL,
  // Listening (issue 23): reviews, praise and testimonials, problems.
  "review.read": AGENT_ALL,
  "review.import": LEADS,
  "review.publish": AGENT_ALL,
  "kudos.read": AGENT_ALL,
  "kudos.create": LEADS,
  "testimonial.read": LEADS,
  "problem.read": AGENT_ALL,
  "problem.write": AGENT_ALL,
  "problem.notify": LEADS,
  "survey.read": AGENT_ALL,
  "survey.manage": ADMIN,
  "survey.send": LEADS,
  "follow_up.manage": LEADS,
} as const satisfies Record<string, AgentRole[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(actor: Actor, action: Action): boolean {
  if (actor.kind !== "agent") return false;
  return (PERMISSIONS[action] as readonly AgentRole[]).includes(actor.role);
}
