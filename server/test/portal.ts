import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { AgentActor } from "../http/actor";
import { createPortalLink } from "../modules/portal-links/portal-links";
import type { listRequests, showRequest } from "../modules/portal/portal.service";
import { type Mode, type TestEnv, testEnv } from "./harness";

// What the customer portal's tests share: a workspace with a mailbox, listening on a port, an admin acting as
// an agent, and a customer signed in through a real link.

// Markers that must never appear in anything a customer receives.
export const SECRET_NOTE = "NOTA-INTERNA-7f3a: cliente difficile, non concedere rimborso";
export const OTHER_SUBJECT = "Fattura-altrui-9c1d";
export const SECRET_TAG = "vip-segreto";

/** What the portal answers, typed from the functions that build it. */
export type PortalRequest = Awaited<ReturnType<typeof listRequests>>["data"][number];
export type PortalDetail = Awaited<ReturnType<typeof showRequest>>;
export type TimelineItem = PortalDetail["timeline"][number];
export type TimelineMessage = Extract<TimelineItem, { kind: "message" }>;
export type TimelineState = Extract<TimelineItem, { kind: "state" }>;

export interface PortalEnv {
  env: TestEnv;
  /** The admin, as the actor of the factories. */
  agent: AgentActor;
  port: number;
}

export async function portalEnv(dialect: Mode): Promise<PortalEnv> {
  const env = await testEnv(dialect);
  await env.app.listen({ port: 0, host: "127.0.0.1" });
  const port = (env.app.server.address() as AddressInfo).port;
  const agent = env.admin.actor;
  await env.app.inject({
    method: "POST",
    url: "/api/v1/mailboxes",
    headers: env.auth(env.adminToken),
    payload: { address: "assistenza@example.test", display_name: "Assistenza" },
  });
  return { env, agent, port };
}

/** Signs a customer in through a real link and returns what a browser would send afterwards. */
export async function signIn(env: TestEnv, customerId: number) {
  const url = await createPortalLink(env.rt.ctx, { workspaceId: env.workspaceId, customerId, singleUse: true });
  const token = new URL(url).searchParams.get("token")!;
  const res = await env.app.inject({ method: "POST", url: "/api/v1/portal/session", payload: { token } });
  expect(res.statusCode).toBe(200);
  const cookie = String(res.headers["set-cookie"]).split(";")[0];
  expect(String(res.headers["set-cookie"])).toMatch(/HttpOnly/i);
  const csrf = res.json<{ csrf_token: string }>().csrf_token;
  return { cookie, csrf, headers: { cookie, "x-csrf-token": csrf } };
}

/** The id of the customer with this address. */
export async function customerId(env: TestEnv, email: string): Promise<number> {
  return (await env.rt.ctx.db.selectFrom("customers").select("id").where("email", "=", email).executeTakeFirstOrThrow())
    .id;
}
