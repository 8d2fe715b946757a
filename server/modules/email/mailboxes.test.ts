import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgent, buildWorkspace } from "../../test/factories";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";
import { createApiToken } from "../auth/auth.service";
import { ingest } from "./inbound";

// Issue 21, finding 15: a mailbox address is unique per workspace, so adding one tells a workspace nothing about
// the others; mail to an address two workspaces have goes to the oldest mailbox, never to the newcomer.
describe.each(DATABASES)("mailbox addresses across workspaces on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());

  const addMailbox = (token: string, address: string) =>
    env.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: env.auth(token),
      payload: { address, display_name: "Assistenza" },
    });

  it("answers another workspace as if the address were free, and keeps routing mail to the first", async () => {
    const mine = await addMailbox(env.adminToken, "aiuto@negozio.test");
    expect(mine.statusCode).toBe(201);
    const again = await addMailbox(env.adminToken, "Aiuto@Negozio.test");
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("address_taken");

    const other = await buildWorkspace(env.rt.ctx.db, { name: "Concorrente" });
    const otherAdmin = await buildAgent(env.rt.ctx.db, other.id, { role: "admin" });
    const theirToken = (await createApiToken(env.rt.ctx.db, other.id, otherAdmin.id, "test")).token;
    const theirs = await addMailbox(theirToken, "aiuto@negozio.test");
    // The same answer as for an address nobody has: nothing says it exists elsewhere.
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json()).toMatchObject({ address: "aiuto@negozio.test" });
    const free = await addMailbox(theirToken, "libero@negozio.test");
    expect(Object.keys(free.json()).sort()).toEqual(Object.keys(theirs.json()).sort());

    const raw = Buffer.from(
      [
        "From: Cliente <cliente@example.test>",
        "To: aiuto@negozio.test",
        "Subject: Ordine mai arrivato",
        "Message-ID: <routing-021@example.test>",
        "Date: Fri, 04 Dec 2026 10:00:00 +0000",
        "",
        "Buongiorno, il mio ordine non è arrivato.",
        "",
      ].join("\r\n"),
    );
    await ingest(env.rt.ctx, { raw, recipients: ["aiuto@negozio.test"] });
    const placed = await env.rt.ctx.db
      .selectFrom("tickets")
      .select("workspace_id")
      .where("subject", "=", "Ordine mai arrivato")
      .execute();
    expect(placed).toEqual([{ workspace_id: env.workspaceId }]);
  });
});
