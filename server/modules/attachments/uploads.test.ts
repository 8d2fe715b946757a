import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentActor } from "../../http/actor";
import { buildTicket } from "../../test/factories";
import { DATABASES, type TestEnv } from "../../test/harness";
import { customerId, portalEnv, signIn } from "../../test/portal";
import { sweepUploads } from "./attachments.service";

// Issue 21, finding 1: an upload belongs to whoever made it until a message of theirs claims it, expires, and
// counts against a quota while it waits.
describe.each(DATABASES)("uploads and who may attach them on %s", (dialect) => {
  let env: TestEnv;
  let agent: AgentActor;
  beforeAll(async () => {
    ({ env, agent } = await portalEnv(dialect));
  });
  afterAll(async () => env?.close());

  const agentUpload = async (name: string, content: string | Buffer) => {
    const res = await env.app.inject({
      method: "POST",
      url: `/api/v1/attachments?filename=${encodeURIComponent(name)}`,
      headers: { ...env.auth(env.adminToken), "content-type": "image/png" },
      payload: Buffer.from(content),
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: number }>().id;
  };
  const portalUpload = (headers: Record<string, string>, name: string, content: string) =>
    env.app.inject({
      method: "POST",
      url: `/api/v1/portal/attachments?filename=${encodeURIComponent(name)}`,
      headers: { ...headers, "content-type": "image/png" },
      payload: Buffer.from(content),
    });
  const portalReply = (headers: Record<string, string>, number: number, ids: number[]) =>
    env.app.inject({
      method: "POST",
      url: `/api/v1/portal/requests/${number}/messages`,
      headers,
      payload: { body_text: "ecco", attachment_ids: ids },
    });
  const agentMessage = (number: number, ids: number[], internal = true) =>
    env.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${number}/messages`,
      headers: env.auth(env.adminToken),
      payload: { body_text: "vedi allegato", internal, attachment_ids: ids },
    });
  const customerOf = async (email: string) => {
    const t = await buildTicket(env.rt.ctx, agent, { subject: `Richiesta di ${email}`, requester: { email } });
    return { number: t.number, session: await signIn(env, await customerId(env, email)) };
  };

  it("lets only the uploader attach an upload: a customer cannot take an agent's, nor another customer's", async () => {
    const lucia = await customerOf("lucia@example.test");
    const marco = await customerOf("marco@example.test");
    const screenshot = await agentUpload("schermata.png", "agent-screenshot-bytes");

    const taken = await portalReply(lucia.session.headers, lucia.number, [screenshot]);
    expect(taken.statusCode).toBe(400);
    expect(taken.json().error.code).toBe("invalid_attachment");
    // The agent's note still gets its screenshot.
    expect((await agentMessage(lucia.number, [screenshot])).statusCode).toBe(201);

    const luciaFile = await portalUpload(lucia.session.headers, "scontrino.png", "lucia-receipt");
    expect(luciaFile.statusCode).toBe(201);
    const id = luciaFile.json<{ id: number }>().id;
    for (const attempt of [
      await portalReply(marco.session.headers, marco.number, [id]),
      await agentMessage(lucia.number, [id], false),
    ]) {
      expect(attempt.statusCode).toBe(400);
      expect(attempt.json().error.code).toBe("invalid_attachment");
    }
    expect((await portalReply(lucia.session.headers, lucia.number, [id])).statusCode).toBe(201);

    const rows = await env.rt.ctx.db
      .selectFrom("attachments")
      .select(["id", "uploader_type", "uploader_agent_id", "uploader_customer_id", "uploader_session", "uploader_ip"])
      .where("id", "in", [screenshot, id])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      expect.objectContaining({ uploader_type: "agent", uploader_agent_id: env.admin.id, uploader_customer_id: null }),
      expect.objectContaining({
        uploader_type: "customer",
        uploader_agent_id: null,
        uploader_customer_id: await customerId(env, "lucia@example.test"),
        uploader_session: expect.stringMatching(/^[0-9a-f]{64}$/),
        uploader_ip: "127.0.0.1",
      }),
    ]);
  });

  it("records the web form's files as the submission's", async () => {
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/public/requests",
      payload: {
        email: "webform@example.test",
        name: "Web",
        subject: "Con allegato",
        body_text: "vedi file",
        files: [{ filename: "f.txt", content_type: "text/plain", data: Buffer.from("form-file").toString("base64") }],
      },
    });
    expect(res.statusCode).toBe(201);
    const row = await env.rt.ctx.db
      .selectFrom("attachments")
      .select(["uploader_type", "uploader_customer_id", "message_id"])
      .where("filename", "=", "f.txt")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      uploader_type: "webform",
      uploader_customer_id: await customerId(env, "webform@example.test"),
    });
    expect(row.message_id).not.toBeNull();
  });

  it("limits unattached uploads per session and per address with a 429, and frees the quota on attaching", async () => {
    const config = env.rt.ctx.config;
    const saved = { perSession: config.uploadQuotaPerSession, perIp: config.uploadQuotaPerIp };
    config.uploadQuotaPerSession = 3;
    config.uploadQuotaPerIp = 5;
    try {
      const anna = await customerOf("anna@example.test");
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const up = await portalUpload(anna.session.headers, `f${i}.png`, `anna-${i}`);
        expect(up.statusCode).toBe(201);
        ids.push(up.json<{ id: number }>().id);
      }
      const over = await portalUpload(anna.session.headers, "f3.png", "anna-3");
      expect(over.statusCode).toBe(429);
      expect(over.json().error).toMatchObject({
        code: "upload_quota_exceeded",
        details: { scope: "session", limit: 3 },
      });
      // Attaching them gives the room back.
      expect((await portalReply(anna.session.headers, anna.number, ids)).statusCode).toBe(201);
      expect((await portalUpload(anna.session.headers, "f4.png", "anna-4")).statusCode).toBe(201);

      // Another session from the same address: five unattached from that address at most.
      const bruno = await customerOf("bruno@example.test");
      for (let i = 0; i < 4; i++)
        expect((await portalUpload(bruno.session.headers, `b${i}.png`, `bruno-${i}`)).statusCode).toBe(
          i < 3 ? 201 : 429,
        );
      const ipOver = await portalUpload(bruno.session.headers, "b9.png", "bruno-9");
      expect(ipOver.statusCode).toBe(429);
      expect(ipOver.json().error.details.scope).toBe("session");
      const carla = await customerOf("carla@example.test");
      const fromIp = await portalUpload(carla.session.headers, "c.png", "carla-0");
      expect(fromIp.statusCode).toBe(201);
      const ipFull = await portalUpload(carla.session.headers, "c1.png", "carla-1");
      expect(ipFull.statusCode).toBe(429);
      expect(ipFull.json().error).toMatchObject({ code: "upload_quota_exceeded", details: { scope: "ip", limit: 5 } });
    } finally {
      Object.assign(config, { uploadQuotaPerSession: saved.perSession, uploadQuotaPerIp: saved.perIp });
    }
  });

  it("expires unattached uploads: past UPLOAD_TTL_HOURS none can be attached, and the sweep removes them and their content", async () => {
    const dora = await customerOf("dora@example.test");
    const up = await portalUpload(dora.session.headers, "tardi.png", "expired-upload-bytes");
    const id = up.json<{ id: number }>().id;
    const ttl = env.rt.ctx.config.uploadTtlMs;
    // An hour older than its lifetime, not swept yet: it cannot be attached any more.
    await env.rt.ctx.db
      .updateTable("attachments")
      .set({ created_at: Date.now() - ttl - 3_600_000 })
      .where("id", "=", id)
      .execute();
    await env.rt.ctx.db
      .updateTable("stored_files")
      .set({ created_at: Date.now() - ttl - 3_600_000 })
      .where(
        "sha256",
        "=",
        (await env.rt.ctx.db.selectFrom("attachments").select("sha256").where("id", "=", id).executeTakeFirstOrThrow())
          .sha256,
      )
      .execute();
    const late = await portalReply(dora.session.headers, dora.number, [id]);
    expect(late.statusCode).toBe(400);
    expect(late.json().error.code).toBe("invalid_attachment");

    const kept = await agentUpload("recente.png", "recent-upload-bytes");
    const swept = await sweepUploads(env.rt.ctx);
    expect(swept.uploads).toBeGreaterThanOrEqual(1);
    const left = await env.rt.ctx.db.selectFrom("attachments").select("id").where("id", "in", [id, kept]).execute();
    expect(left.map((r) => r.id)).toEqual([kept]);
    const content = await env.rt.ctx.db
      .selectFrom("stored_files")
      .select("sha256")
      .where("content", "=", Buffer.from("expired-upload-bytes"))
      .execute();
    expect(content).toEqual([]);
    expect((await agentMessage(dora.number, [kept])).statusCode).toBe(201);
  });

  it("removes an expired upload's file on disk (over 256 KB) unless a message holds the same file", async () => {
    const ttl = env.rt.ctx.config.uploadTtlMs;
    const big = (fill: string) => Buffer.alloc(300 * 1024, fill);
    const onDisk = async (id: number) => {
      const { sha256 } = await env.rt.ctx.db
        .selectFrom("attachments")
        .select("sha256")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      return path.join(env.rt.ctx.config.dataDir, "files", sha256.slice(0, 2), sha256);
    };
    // One big file nobody attaches; another whose same bytes a note also holds.
    const lonely = await agentUpload("grande.pdf", big("a"));
    const lonelyFile = await onDisk(lonely);
    const shared = await agentUpload("condiviso.pdf", big("b"));
    const sharedFile = await onDisk(shared);
    const t = await buildTicket(env.rt.ctx, agent, {
      subject: "Il manuale",
      requester: { email: "ezio@example.test" },
    });
    const twin = await agentUpload("manuale.pdf", big("b"));
    expect((await agentMessage(t.number, [twin])).statusCode).toBe(201);
    expect([fs.existsSync(lonelyFile), fs.existsSync(sharedFile)]).toEqual([true, true]);
    // Swept as if a lifetime and a minute had passed: the lonely file goes, the one a message holds stays.
    await sweepUploads(env.rt.ctx, Date.now() + ttl + 60_000);
    expect([fs.existsSync(lonelyFile), fs.existsSync(sharedFile)]).toEqual([false, true]);
  });

  it("keeps the content of an expired upload whose same bytes an article's image or the workspace's logo holds", async () => {
    const ttl = env.rt.ctx.config.uploadTtlMs;
    const png = (size: number, fill: number) =>
      Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(size, fill)]);
    const small = png(100, 1);
    const big = png(300 * 1024, 2);
    const logo = png(200, 3);
    const image = async (bytes: Buffer) => {
      const res = await env.app.inject({
        method: "POST",
        url: "/api/v1/kb/images?filename=schema.png",
        headers: { ...env.auth(env.adminToken), "content-type": "image/png" },
        payload: bytes,
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ url: string }>().url;
    };
    const urls = [await image(small), await image(big)];
    const boundary = "----logo-sweep";
    const put = await env.app.inject({
      method: "PUT",
      url: "/api/v1/workspace/logo",
      headers: { ...env.auth(env.adminToken), "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        logo,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(put.statusCode).toBeLessThan(300);
    const logoUrl = (
      await env.app.inject({ method: "GET", url: "/api/v1/workspace", headers: env.auth(env.adminToken) })
    ).json<{ logo_url: string }>().logo_url;
    // The same bytes uploaded as attachments nobody sends, then swept once their lifetime is over.
    for (const bytes of [small, big, logo]) await agentUpload("copia.png", bytes);
    await sweepUploads(env.rt.ctx, Date.now() + ttl + 60_000);
    for (const [url, bytes] of [...urls.map((u, i) => [u, [small, big][i]] as const), [logoUrl, logo] as const]) {
      const res = await env.app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(bytes)).toBe(true);
    }
  });
});
