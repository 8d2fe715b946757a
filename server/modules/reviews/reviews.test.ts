import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";
import { freePort } from "../../test/nodes";
import { TrustpilotAdapter } from "./adapters";
import { syncReviews } from "./reviews.service";
import { syncConfiguredReviews } from "./reviews.sync";

// The public review inbox: CSV exports and Trustpilot's API become tickets on the review channel, once each.

const GENERIC = [
  "id,author,rating,text,date,url",
  "g-1,Mario Rossi,1,Il caffè arriva sempre freddo,2026-11-30T10:00:00Z,https://example.it/r/1",
  'g-2,Anna Bianchi,5,"Servizio perfetto, grazie",2026-11-29T10:00:00Z,',
  "g-3,Luca Verdi,4,Buono,2026-11-28T10:00:00Z,",
  ",Nobody,3,no id,2026-11-28T10:00:00Z,",
].join("\n");

const TRUSTPILOT_CSV = [
  "Review ID,Review Created (UTC),Review Consumer User ID,Review Title,Review Content,Review Stars,Consumer Name",
  "5f1a,2026-11-20 09:30:00,c1,Slow refund,Waited three weeks for my refund,2,John Smith",
].join("\n");

const GOOGLE_CSV = [
  "reviewId,reviewer.displayName,starRating,comment,createTime",
  "AbC1,Giulia,FIVE,Ottimo,2026-11-21T08:00:00Z",
].join("\n");

function multipart(platform: string, csv: string) {
  const boundary = "----sportello-test-boundary";
  const body = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="platform"',
    "",
    platform,
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="reviews.csv"',
    "Content-Type: text/csv",
    "",
    csv,
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return { payload: body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

describe.each(DATABASES)("public reviews on %s", (mode) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(mode, {}, { worker: false });
  });
  afterAll(async () => env?.close());

  const call = (method: "GET" | "POST", url: string, payload?: unknown) =>
    env.app.inject({ method, url, payload: payload as object, headers: env.auth(env.adminToken) });
  const upload = (platform: string, csv: string) => {
    const m = multipart(platform, csv);
    return env.app.inject({
      method: "POST",
      url: "/api/v1/reviews/import",
      payload: m.payload,
      headers: { ...env.auth(env.adminToken), ...m.headers },
    });
  };

  it("imports a generic CSV as review tickets, negative ones at high priority and due first, and skips duplicates on re-import", async () => {
    const first = await upload("generic", GENERIC);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ imported: 3, duplicates: 0, skipped: [{ line: 5, reason: "no review id" }] });
    const again = await upload("generic", GENERIC);
    expect(again.json()).toMatchObject({ imported: 0, duplicates: 3 });
    const list = (await call("GET", "/api/v1/reviews")).json().data as { rating: number; ticket_number: number }[];
    expect(list.map((r) => r.rating)).toEqual([1, 4, 5]);
    const negative = (await call("GET", `/api/v1/tickets/${list[0].ticket_number}`)).json();
    const positive = (await call("GET", `/api/v1/tickets/${list[2].ticket_number}`)).json();
    expect(negative).toMatchObject({ channel: "review", priority: "high" });
    expect(positive).toMatchObject({ channel: "review", priority: "normal" });
    // The review channel's policy: the negative one is due well before the positive one.
    expect(Date.parse(negative.sla.first_response.due_at)).toBeLessThan(Date.parse(positive.sla.first_response.due_at));
    // Named in the workspace's language (the test workspace's is Italian), as an admin reads them among the policies.
    const names = await env.rt.ctx.db
      .selectFrom("sla_policies")
      .select("name")
      .where("workspace_id", "=", env.workspaceId)
      .where("channel", "=", "review")
      .orderBy("position")
      .execute();
    expect(names.map((n) => n.name)).toEqual(["Recensioni pubbliche: negative", "Recensioni pubbliche"]);
    expect((await call("GET", "/api/v1/reviews?max_rating=2")).json().data).toHaveLength(1);
  });

  it("reads Trustpilot's and Google Business Profile's export columns", async () => {
    expect((await upload("trustpilot", TRUSTPILOT_CSV)).json()).toMatchObject({ imported: 1 });
    expect((await upload("google", GOOGLE_CSV)).json()).toMatchObject({ imported: 1 });
    const tp = (await call("GET", "/api/v1/reviews?max_rating=2"))
      .json()
      .data.find((r: { platform: string }) => r.platform === "trustpilot");
    expect(tp).toMatchObject({
      author: "John Smith",
      rating: 2,
      title: "Slow refund",
      url: "https://www.trustpilot.com/reviews/5f1a",
      status: "unanswered",
    });
    expect((await upload("nowhere", GENERIC)).json().error.code).toBe("invalid_platform");
  });

  it("records the answer as published, with its time and who, only once it is written", async () => {
    const review = (await call("GET", "/api/v1/reviews?max_rating=1")).json().data[0];
    expect((await call("POST", `/api/v1/reviews/${review.id}/published`)).json().error.code).toBe("no_answer");
    await call("POST", `/api/v1/tickets/${review.ticket_number}/messages`, {
      body_text: "Ci scusi, rimediamo subito.",
    });
    expect((await call("GET", "/api/v1/reviews?status=answered")).json().data.map((r: { id: number }) => r.id)).toEqual(
      [review.id],
    );
    const published = (await call("POST", `/api/v1/reviews/${review.id}/published`)).json();
    expect(published).toMatchObject({ status: "published", published_by: { name: "Ada Admin" } });
    expect(Date.parse(published.published_at)).toBeGreaterThan(Date.now() - 60_000);
    expect((await call("POST", `/api/v1/reviews/${review.id}/published`)).json().error.code).toBe("already_published");
    // The answer is published on the platform, not emailed: the review's author has no address of ours.
    const outbox = await env.rt.ctx.db.selectFrom("mail_outbox").select("to_address").execute();
    expect(outbox.filter((m) => m.to_address.endsWith("@reviews.invalid"))).toEqual([]);
  });

  it("reads Trustpilot's service reviews API page after page (a local server answering as documented)", async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(`${req.headers.apikey} ${req.url}`);
      const page = new URL(req.url ?? "/", "http://x").searchParams.get("page");
      const review = (id: string, stars: number) => ({
        id,
        stars,
        title: `Title ${id}`,
        text: `Text ${id}`,
        language: "en",
        createdAt: "2026-11-25T12:00:00Z",
        consumer: { id: `c-${id}`, displayName: `Consumer ${id}`, numberOfReviews: 1 },
        companyReply: null,
        links: [{ href: `http://x/v1/reviews/${id}`, method: "GET", rel: "reviews" }],
      });
      const body =
        page === "1"
          ? {
              reviews: [review("tp-a", 1), review("tp-b", 5)],
              links: [{ href: `/v1/business-units/bu-1/reviews?perPage=2&page=2`, method: "GET", rel: "next-page" }],
            }
          : { reviews: [review("tp-c", 3)], links: [] };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      // Not set up: the route says what to set.
      const off = await call("POST", "/api/v1/reviews/sync");
      expect([off.statusCode, off.json().error.code]).toEqual([409, "review_api_not_configured"]);
      const source = async () => {
        const res = await call("GET", "/api/v1/reviews/sync");
        expect(res.statusCode, res.body).toBe(200);
        return res.json();
      };
      expect(await source()).toEqual({
        platform: null,
        every_minutes: null,
        last_read_at: null,
        last_imported: null,
        failed_at: null,
        reason: null,
        error: null,
      });
      const adapter = new TrustpilotAdapter({
        apiKey: "key-1",
        businessUnitId: "bu-1",
        baseUrl: `http://127.0.0.1:${port}`,
        perPage: 2,
      });
      const actor = {
        kind: "agent" as const,
        workspaceId: env.workspaceId,
        agentId: env.admin.id,
        role: "admin" as const,
        via: "token" as const,
      };
      const first = await syncReviews(env.rt.ctx, actor as never, adapter);
      expect(first).toMatchObject({ imported: 3, duplicates: 0 });
      expect(seen[0]).toBe("key-1 /v1/business-units/bu-1/reviews?perPage=2&page=1&orderBy=createdat.desc");
      expect(seen).toHaveLength(2);
      // Set up in the environment: the route and the worker's hourly read find only duplicates now.
      env.rt.ctx.config.trustpilot = { apiKey: "key-2", businessUnitId: "bu-1", baseUrl: `http://127.0.0.1:${port}` };
      const again = await call("POST", "/api/v1/reviews/sync");
      expect([again.statusCode, again.json().duplicates, again.json().imported]).toEqual([200, 3, 0]);
      expect(seen[2]).toMatch(/^key-2 \/v1\/business-units\/bu-1\/reviews\?perPage=100&page=1/);
      expect(await syncConfiguredReviews(env.rt.ctx)).toMatchObject({ imported: 0, duplicates: 3 });
      // Set up: the page can say how often it is read and when it last was.
      const read = await source();
      expect(read).toMatchObject({ platform: "trustpilot", every_minutes: 60, last_imported: 0, failed_at: null });
      expect(Date.now() - Date.parse(read.last_read_at)).toBeLessThan(60_000);
      const a = (await call("GET", "/api/v1/reviews?max_rating=1"))
        .json()
        .data.find((r: { external_id: string }) => r.external_id === "tp-a");
      expect(a).toMatchObject({ author: "Consumer tp-a", platform: "trustpilot", text: "Text tp-a" });
      // The platform failing: a clear error, nothing imported.
      // A port nothing listens on (fetch refuses some low ports, 9 among them, before connecting).
      const closed = await freePort();
      env.rt.ctx.config.trustpilot = { apiKey: "key-3", businessUnitId: "bu-1", baseUrl: `http://127.0.0.1:${closed}` };
      const down = await call("POST", "/api/v1/reviews/sync");
      expect([down.statusCode, down.json().error.code]).toEqual([424, "review_platform_failed"]);
      // The failure is recorded beside the last read that worked, as the hourly read's would be.
      await expect(syncConfiguredReviews(env.rt.ctx)).rejects.toThrow(/could not be read/);
      const failed = await source();
      expect(failed.last_read_at).toBe(read.last_read_at);
      expect(failed.failed_at).not.toBeNull();
      expect(failed.error).toMatch(/ECONNREFUSED/);
      expect(failed.reason).toBe("unreachable");
      // A read that works again clears it.
      env.rt.ctx.config.trustpilot = { apiKey: "key-2", businessUnitId: "bu-1", baseUrl: `http://127.0.0.1:${port}` };
      expect(await syncConfiguredReviews(env.rt.ctx)).toMatchObject({ imported: 0, duplicates: 3 });
      expect(await source()).toMatchObject({
        platform: "trustpilot",
        failed_at: null,
        reason: null,
        error: null,
        last_imported: 0,
      });
      env.rt.ctx.config.trustpilot = null;
    } finally {
      server.close();
    }
  });
});
