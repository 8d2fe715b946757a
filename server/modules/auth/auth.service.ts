import crypto from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { FastifyRequest } from "fastify";
import type { Ctx } from "../../context";
import type { DbOrTrx } from "../../db/index";
import type { Actor, AgentActor } from "../../http/actor";
import { ApiError } from "../../http/errors";
import { PORTAL_COOKIE } from "../portal-links/portal-links";
import { checkLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./limits";
import {
  activeAgentByEmail,
  databaseOf,
  deleteSession,
  insertApiToken,
  insertSession,
  portalSession,
  sessionAgent,
  tokenAgent,
  touchToken,
} from "./auth.queries";

export const SESSION_COOKIE = "sportello_session";
const SESSION_TTL_MS = 14 * 24 * 3600_000;

const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString("base64url");

// @node-rs/argon2 defaults to Argon2id; the parameters are OWASP's recommendation for interactive logins.
export const hashPassword = (password: string) => hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
// A fixed hash to verify against when the email is unknown, so both failures take the same time.
let dummyHash: Promise<string> | null = null;

export async function login(ctx: Ctx, email: string, password: string, ip: string | null = null) {
  const address = email.trim().toLowerCase();
  await checkLoginAllowed(ctx, address);
  const agent = await activeAgentByEmail(ctx, address);
  dummyHash ??= hashPassword(randomToken());
  const ok = await verify(agent?.password_hash ?? (await dummyHash), password).catch(() => false);
  if (!agent || !agent.password_hash || !ok) {
    await recordLoginFailure(ctx, address, ip);
    throw new ApiError(401, "invalid_credentials", "Email or password is wrong");
  }
  await recordLoginSuccess(ctx, address);
  const token = randomToken();
  const csrf = randomToken(24);
  const now = Date.now();
  await insertSession(ctx, {
    id: sha256(token),
    workspace_id: agent.workspace_id,
    agent_id: agent.id,
    csrf_token: csrf,
    created_at: now,
    expires_at: now + SESSION_TTL_MS,
  });
  return { token, csrf, agent, maxAgeSeconds: SESSION_TTL_MS / 1000 };
}

export async function logout(ctx: Ctx, token: string | undefined) {
  if (token) await deleteSession(ctx, sha256(token));
}

/** A personal API token; only its hash is kept, so the token itself is returned this once. */
export async function createApiToken(db: DbOrTrx, workspaceId: number, agentId: number, name: string) {
  const token = `spt_${randomToken()}`;
  const row = await insertApiToken(db, {
    workspace_id: workspaceId,
    agent_id: agentId,
    name,
    token_hash: sha256(token),
    prefix: token.slice(0, 10),
    created_at: Date.now(),
    last_used_at: null,
  });
  return { ...row, token };
}

export const createOwnToken = (ctx: Ctx, actor: AgentActor, input: { name: string }) =>
  createApiToken(databaseOf(ctx), actor.workspaceId, actor.agentId, input.name);

/** Who is calling: an API token in Authorization wins over the session cookie. */
export async function resolveActor(ctx: Ctx, req: FastifyRequest): Promise<Actor | null> {
  const cached = (req as { actor?: Actor | null }).actor;
  if (cached !== undefined) return cached;
  const actor = await lookup(ctx, req);
  (req as { actor?: Actor | null }).actor = actor;
  return actor;
}

async function lookup(ctx: Ctx, req: FastifyRequest): Promise<Actor | null> {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) {
    const row = await tokenAgent(ctx, sha256(auth.slice(7).trim()));
    if (!row) throw new ApiError(401, "invalid_token", "The API token is unknown or revoked");
    // Touch last_used_at at most once a minute: a busy script should not write on every call.
    if (!row.last_used_at || Date.now() - row.last_used_at > 60_000) {
      await touchToken(ctx, row.token_id, Date.now());
    }
    return {
      kind: "agent",
      workspaceId: row.workspace_id,
      agentId: row.id,
      name: row.name,
      role: row.role,
      tier: row.tier,
      via: "token",
    };
  }
  // The portal's own cookie is read only by portal calls: an agent who also follows a request as a customer
  // in the same browser stays an agent everywhere else.
  const portalCookie = req.cookies?.[PORTAL_COOKIE];
  if (portalCookie && req.url.startsWith("/api/v1/portal/")) {
    const s = await portalSession(ctx, portalCookie);
    if (s)
      return {
        kind: "customer",
        workspaceId: s.workspace_id,
        customerId: s.customer_id,
        sessionId: s.id,
        csrfToken: s.csrf_token,
      };
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const sessionId = sha256(cookie);
    const row = await sessionAgent(ctx, sessionId);
    if (row && row.expires_at > Date.now()) {
      return {
        kind: "agent",
        workspaceId: row.workspace_id,
        agentId: row.id,
        name: row.name,
        role: row.role,
        tier: row.tier,
        via: "session",
        sessionId,
        csrfToken: row.csrf_token,
      };
    }
  }
  return null;
}
