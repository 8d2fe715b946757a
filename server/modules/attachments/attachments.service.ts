import type { Ctx } from "../../context";
import type { AgentActor, CustomerActor } from "../../http/actor";
import { ApiError, badRequest, notFound } from "../../http/errors";
import { safeFilename } from "./filename";
import {
  countUnattached,
  deleteUnattached,
  deleteUnreferencedFiles,
  emailOriginals,
  findAttachment,
  insertUpload,
  referencedFiles,
} from "./attachments.queries";
import { openStoredFile, removeDiskFiles, stageFile } from "./attachments.store";

/** Who uploads a file: only they can attach it to a message, and their unattached uploads count against a quota. */
export type Uploader = { actor: AgentActor | CustomerActor; ip: string };

/**
 * An upload not yet part of a message: a message's attachment_ids claim it, if its author uploaded it (see
 * claimAttachments), within UPLOAD_TTL_HOURS; the worker's sweep removes it afterwards. A portal session (or an
 * agent) holds UPLOAD_QUOTA_PER_SESSION unattached uploads at most, and portal sessions from one address
 * UPLOAD_QUOTA_PER_IP together.
 */
export async function uploadFile(
  ctx: Ctx,
  { actor, ip }: Uploader,
  input: { filename: string; contentType: string | undefined; content: unknown },
) {
  const { content } = input;
  if (!Buffer.isBuffer(content) || content.length === 0)
    throw badRequest("invalid_upload", "send the file as the raw body with its Content-Type");
  if (content.length > ctx.config.attachmentMaxBytes)
    throw new ApiError(413, "payload_too_large", `files are limited to ${ctx.config.attachmentMaxBytes} bytes`);
  const now = Date.now();
  await checkQuota(ctx, actor, ip, now);
  const staged = await stageFile(ctx, content);
  return insertUpload(ctx, staged, {
    workspace_id: actor.workspaceId,
    message_id: null,
    filename: safeFilename(input.filename),
    content_type: String(input.contentType ?? "application/octet-stream").split(";")[0],
    size: content.length,
    sha256: staged.sha256,
    created_at: now,
    uploader_type: actor.kind,
    uploader_agent_id: actor.kind === "agent" ? actor.agentId : null,
    uploader_customer_id: actor.kind === "customer" ? actor.customerId : null,
    uploader_session: actor.kind === "customer" ? (actor.sessionId ?? null) : null,
    uploader_ip: ip,
  });
}

async function checkQuota(ctx: Ctx, actor: AgentActor | CustomerActor, ip: string, now: number) {
  const since = now - ctx.config.uploadTtlMs;
  const { uploadQuotaPerSession: perSession, uploadQuotaPerIp: perIp } = ctx.config;
  const mine =
    actor.kind === "agent"
      ? await countUnattached(ctx, { column: "uploader_agent_id", value: actor.agentId }, since)
      : actor.sessionId
        ? await countUnattached(ctx, { column: "uploader_session", value: actor.sessionId }, since)
        : 0;
  if (mine >= perSession)
    throw new ApiError(
      429,
      "upload_quota_exceeded",
      `${perSession} files are waiting to be sent already: send them with a message, or wait until they expire`,
      { limit: perSession, scope: "session" },
    );
  // An office of agents shares one address; the limit per address is for the public portal.
  if (actor.kind === "customer" && (await countUnattached(ctx, { column: "uploader_ip", value: ip }, since)) >= perIp)
    throw new ApiError(
      429,
      "upload_quota_exceeded",
      `too many files are waiting to be sent from this address: send them with a message, or wait until they expire`,
      { limit: perIp, scope: "ip" },
    );
}

/** An attachment of the workspace with its content, for a download. */
export async function openAttachment(ctx: Ctx, actor: AgentActor, id: number) {
  const attachment = await findAttachment(ctx, actor.workspaceId, id);
  if (!attachment) throw notFound("attachment");
  const file = await openStoredFile(ctx, attachment.sha256);
  if (!file) throw notFound("attachment file");
  return { attachment, file };
}

/**
 * Removes the uploads no message claimed within UPLOAD_TTL_HOURS, and the content of their files that nothing
 * else references: kept in the database, or on disk (over 256 KB) when the file is older than the lifetime.
 */
export async function sweepUploads(ctx: Ctx, now = Date.now()) {
  const before = now - ctx.config.uploadTtlMs;
  const removed = await deleteUnattached(ctx, before);
  const hashes = [...new Set(removed)];
  if (!hashes.length) return { uploads: 0, files: 0 };
  const originals = new Set(await emailOriginals(ctx, hashes));
  const candidates = hashes.filter((h) => !originals.has(h));
  if (!candidates.length) return { uploads: removed.length, files: 0 };
  const files =
    (await deleteUnreferencedFiles(ctx, candidates, before)) +
    (await removeDiskFiles(ctx.config.dataDir, candidates, before, (hashes) => referencedFiles(ctx, hashes)));
  return { uploads: removed.length, files };
}

/** Worker role: sweeps expired uploads now and then (every 10 minutes, or a tenth of the lifetime if shorter). */
export function watchUploads(ctx: Ctx): () => void {
  let busy = false;
  const timer = setInterval(
    async () => {
      if (busy) return;
      busy = true;
      try {
        const r = await sweepUploads(ctx);
        if (r.uploads) ctx.log.info(r, "expired uploads removed");
      } catch (err) {
        ctx.log.warn({ err }, "sweeping expired uploads failed; will try again");
      } finally {
        busy = false;
      }
    },
    Math.max(1000, Math.min(600_000, ctx.config.uploadTtlMs / 10)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
