import type { Ctx } from "../../context";
import type { AgentActor } from "../../http/actor";
import { configuredAdapter, READ_EVERY_MS, syncReviews } from "./reviews.service";
import { firstAdminOfFirstWorkspace } from "./reviews.queries";

// The hourly read of the review platform set up in the environment, for the installation's workspace (the first:
// the credentials are the installation's), on behalf of its first admin, as an admin's "Read now" would do.

export async function syncConfiguredReviews(ctx: Ctx) {
  const admin = await firstAdminOfFirstWorkspace(ctx);
  if (!admin) return null;
  const actor: AgentActor = {
    kind: "agent",
    workspaceId: Number(admin.workspace_id),
    agentId: Number(admin.id),
    name: admin.name,
    role: "admin",
    tier: admin.tier,
    via: "cli",
  };
  return syncReviews(ctx, actor, configuredAdapter(ctx));
}

/** Worker loop: with a platform set up, its new reviews every hour (and once a minute after the start). */
export function watchReviewPlatform(ctx: Ctx, everyMs = READ_EVERY_MS): () => void {
  if (!ctx.config.trustpilot) return () => {};
  const run = () =>
    syncConfiguredReviews(ctx).catch((err: unknown) =>
      ctx.log.warn({ err }, "reading the review platform failed; will try again in an hour"),
    );
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
