import crypto from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZAuditEventList, ZCustomerExport, ZKudos } from "../../../shared/api/index";
import { apiClient } from "../../test/client";
import { buildAgent } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv, tokenFor } from "../../test/harness";

/** A small PDF-like file the customer sends with the web form. */
const RECEIPT = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(3000, 7), Buffer.from("\n%%EOF\n")]);

/** A photo larger than what the database keeps (256 KB): its bytes live in the data folder. */
const PHOTO = crypto.randomBytes(300 * 1024);

describe.each(DATABASES)("a customer's data export on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());

  it("holds their details, requests, survey answers and praise, without internal notes or anyone else's data", async () => {
    const api = apiClient(env);
    const org = await api.organizations.create({ name: "Pasticceria Dora" });
    const first = await api.tickets.create({
      subject: "Macchina che perde acqua",
      body_text: "La macchina perde acqua dal fondo da ieri.",
      requester: { email: "dora@pasticceriadora.it", name: "Dora Bianchi" },
      channel: "email",
    });
    const customer = (await api.customers.list({ email: "dora@pasticceriadora.it" })).data[0];
    await api.customers.update(customer.id, {
      phone: "+39 055 123456",
      organization_id: org.id,
      notes: "Chiede sempre lo sconto",
    });
    await api.tickets.reply(first.number, { body_text: "Buongiorno Dora, passa il tecnico domani." });
    // An internal note with a file: neither is the customer's to have.
    const upload = await env.app.inject({
      method: "POST",
      url: "/api/v1/attachments?filename=listino-interno.txt",
      headers: { ...env.auth(env.adminToken), "content-type": "text/plain" },
      payload: "LISTINO-INTERNO-riservato",
    });
    expect(upload.statusCode).toBe(201);
    await api.tickets.reply(first.number, {
      body_text: "Guarnizione da ordinare, costa poco",
      internal: true,
      attachment_ids: [upload.json<{ id: number }>().id],
    });
    // Her second request through the web form, with a file she sent.
    const form = await env.app.inject({
      method: "POST",
      url: "/api/v1/public/requests",
      payload: {
        email: "dora@pasticceriadora.it",
        subject: "Fattura di marzo",
        body_text: "Mi mandate la fattura di marzo?",
        files: [
          { filename: "ordine.pdf", content_type: "application/pdf", data: RECEIPT.toString("base64") },
          // Over 256 KB: kept on disk, not in the database, and read as a stream into the ZIP.
          { filename: "foto.jpg", content_type: "image/jpeg", data: PHOTO.toString("base64") },
        ],
      },
    });
    expect(form.statusCode).toBe(201);
    const second = form.json<{ number: number }>();
    const photoHash = crypto.createHash("sha256").update(PHOTO).digest("hex");
    expect(
      await env.rt.ctx.db
        .selectFrom("stored_files")
        .select("sha256")
        .where("sha256", "=", photoHash)
        .executeTakeFirst(),
    ).toBeUndefined(); // on disk
    // Another customer of the same organization: never in Dora's export.
    await api.tickets.create({
      subject: "Ordine capsule per il bar",
      body_text: "Vorrei ordinare 500 capsule.",
      requester: { email: "franco@pasticceriadora.it", name: "Franco Neri" },
    });
    const messages = await api.tickets.messages(first.number);
    await api.call("POST", "/api/v1/kudos", ZKudos, {
      body: { ticket_number: first.number, message_id: messages[0].id },
      status: 201,
    });
    const sent = Date.parse("2026-11-20T09:00:00Z");
    const ticketId = (
      await env.rt.ctx.db
        .selectFrom("tickets")
        .select("id")
        .where("number", "=", first.number)
        .executeTakeFirstOrThrow()
    ).id;
    await env.rt.ctx.db
      .insertInto("surveys")
      .values({
        workspace_id: env.workspaceId,
        kind: "csat",
        customer_id: customer.id,
        ticket_id: ticketId,
        solve_id: null,
        scale: 5,
        language: "it",
        sent_at: sent,
        sent_day: Math.floor(sent / 86_400_000),
        expires_at: sent + 14 * 86_400_000,
        agent_id: null,
        team_id: null,
        organization_id: org.id,
        owner_id: null,
        plan: null,
        channel: "email",
        score: 5,
        comment: "Tecnico puntuale",
        resolved: 1,
        answered_at: sent + 3_600_000,
        mail_id: null,
      })
      .execute();

    const res = await env.app.inject({
      method: "GET",
      url: `/api/v1/customers/${customer.id}/export`,
      headers: env.auth(env.adminToken),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(
      new RegExp(`^attachment; filename="customer-${customer.id}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
    );
    const data = ZCustomerExport.parse(res.json());
    expect(data.customer).toMatchObject({
      email: "dora@pasticceriadora.it",
      name: "Dora Bianchi",
      phone: "+39 055 123456",
      organization: "Pasticceria Dora",
    });
    expect(data.requests.map((r) => [r.request.number, r.request.subject, r.channel])).toEqual([
      [first.number, "Macchina che perde acqua", "email"],
      [second.number, "Fattura di marzo", "web"],
    ]);
    const formFiles = data.requests[1].timeline.flatMap((i) => (i.kind === "message" ? i.attachments : []));
    expect(formFiles.map((f) => [f.filename, f.size])).toEqual([
      ["ordine.pdf", RECEIPT.length],
      ["foto.jpg", PHOTO.length],
    ]);
    const thread = data.requests[0].timeline.flatMap((i) => (i.kind === "message" ? [i.body_text] : []));
    expect(thread).toEqual(["La macchina perde acqua dal fondo da ieri.", "Buongiorno Dora, passa il tecnico domani."]);
    expect(data.surveys).toEqual([
      {
        kind: "csat",
        request_number: first.number,
        sent_at: "2026-11-20T09:00:00.000Z",
        scale: 5,
        score: 5,
        comment: "Tecnico puntuale",
        resolved: true,
        answered_at: "2026-11-20T10:00:00.000Z",
      },
    ]);
    expect(data.praise).toEqual([
      expect.objectContaining({
        request_number: first.number,
        body: "La macchina perde acqua dal fondo da ieri.",
        consent: "none",
      }),
    ]);
    // What agents keep among themselves, and the colleague's request, are nowhere in the file.
    const whole = res.body;
    for (const absent of [
      "Guarnizione da ordinare",
      "listino-interno",
      "Chiede sempre lo sconto",
      "Franco",
      "500 capsule",
    ])
      expect(whole).not.toContain(absent);

    // As a ZIP: the same export as customer.json, and the bytes of her files, none of the note's.
    const zip = await env.app.inject({
      method: "GET",
      url: `/api/v1/customers/${customer.id}/export?format=zip`,
      headers: env.auth(env.adminToken),
    });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers["content-type"]).toBe("application/zip");
    expect(zip.headers["content-disposition"]).toMatch(/^attachment; filename="customer-\d+-[\d-]{10}\.zip"$/);
    const entries = unzipSync(new Uint8Array(zip.rawPayload));
    expect(Object.keys(entries).sort()).toEqual([
      "customer.json",
      `files/${formFiles[0].id}-ordine.pdf`,
      `files/${formFiles[1].id}-foto.jpg`,
    ]);
    expect(Buffer.from(entries[`files/${formFiles[0].id}-ordine.pdf`]).equals(RECEIPT)).toBe(true);
    expect(Buffer.from(entries[`files/${formFiles[1].id}-foto.jpg`]).equals(PHOTO)).toBe(true);
    const inZip = ZCustomerExport.parse(JSON.parse(strFromU8(entries["customer.json"])));
    expect({ ...inZip, exported_at: null }).toEqual({ ...data, exported_at: null });

    // Recorded with who exported whom.
    const audit = await api.get("/api/v1/audit-events", ZAuditEventList);
    expect(audit.data[0]).toMatchObject({
      action: "customer.exported",
      actor_agent_id: env.admin.id,
      details: { customer_id: customer.id, requests: 2 },
    });
    expect(audit.data.filter((e) => e.action === "customer.exported")).toHaveLength(2);
  });

  it("is for admins and supervisors, and answers 404 for a customer of no one", async () => {
    const api = apiClient(env);
    const c = await api.customers.create({ email: "solo@example.it" });
    const agent = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "agent" });
    const lead = await buildAgent(env.rt.ctx.db, env.workspaceId, { role: "supervisor" });
    const asAgent = apiClient(env, await tokenFor(env, agent.id));
    expect((await asAgent.fail("GET", `/api/v1/customers/${c.id}/export`, 403)).code).toBe("forbidden");
    const asLead = apiClient(env, await tokenFor(env, lead.id));
    const data = await asLead.get(`/api/v1/customers/${c.id}/export`, ZCustomerExport);
    expect(data).toMatchObject({ customer: { email: "solo@example.it" }, requests: [], surveys: [], praise: [] });
    expect((await api.fail("GET", "/api/v1/customers/999999/export", 404)).code).toBe("not_found");
  });
});
