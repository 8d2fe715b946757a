import type { TicketCc, TicketFollowers } from "../../../shared/api/notifications";
import { tx, type Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { badRequest, notFound } from "../../http/errors";
import { agentsOfWorkspace, ccOf, followersOf, replaceCc, replaceFollowers } from "./followers.queries";
import { findTicketByNumber } from "./tickets.queries";

// Followers: colleagues told when the customer replies (notifications), besides the assignee. CC: addresses
// copied on every public reply of the ticket (the outbound email's Cc).

async function ticketOf(ctx: Ctx, actor: AgentActor, number: number) {
  const ticket = await findTicketByNumber(ctx, actor.workspaceId, number);
  if (!ticket) throw notFound("ticket");
  return ticket;
}

export async function listFollowers(ctx: Ctx, actor: AgentActor, number: number): Promise<TicketFollowers> {
  return { data: await followersOf(ctx, (await ticketOf(ctx, actor, number)).id) };
}

export async function setFollowers(
  ctx: Ctx,
  actor: AgentActor,
  number: number,
  agentIds: number[],
): Promise<TicketFollowers> {
  const ticket = await ticketOf(ctx, actor, number);
  const wanted = [...new Set(agentIds)];
  const known = await agentsOfWorkspace(ctx, actor.workspaceId, wanted);
  const unknown = wanted.filter((id) => !known.includes(id));
  if (unknown.length) throw badRequest("invalid_follower", `agent ${unknown[0]} does not exist or is inactive`);
  await tx(ctx, null, (uow) => replaceFollowers(uow.trx, actor.workspaceId, ticket.id, wanted));
  return { data: await followersOf(ctx, ticket.id) };
}

export async function listCc(ctx: Ctx, actor: AgentActor, number: number): Promise<TicketCc> {
  return { addresses: await ccOf(ctx, (await ticketOf(ctx, actor, number)).id) };
}

export async function setCc(ctx: Ctx, actor: AgentActor, number: number, addresses: string[]): Promise<TicketCc> {
  const ticket = await ticketOf(ctx, actor, number);
  await tx(ctx, null, (uow) => replaceCc(uow.trx, actor.workspaceId, ticket.id, [...new Set(addresses)]));
  return { addresses: await ccOf(ctx, ticket.id) };
}
