import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../test/harness";
import { safeFilename } from "../modules/attachments/filename";

// Issue 21, finding 11: numeric path values are canonical decimal numbers, and attachment names carry no
// NUL, control, bidi-override or line-break characters.
describe.each(DATABASES)("strict path values and file names on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());

  it("reads only canonical decimal numbers in paths", async () => {
    const created = await env.app.inject({
      method: "POST",
      url: "/api/v1/tickets",
      headers: env.auth(env.adminToken),
      payload: { subject: "Otto", body_text: "x", requester: { email: "otto@example.it" } },
    });
    const n = created.json().number;
    const ok = await env.app.inject({ method: "GET", url: `/api/v1/tickets/${n}`, headers: env.auth(env.adminToken) });
    expect(ok.statusCode).toBe(200);
    for (const v of [
      `0x${n.toString(16)}`,
      `+${n}`,
      `%20${n}`,
      `${n}%20`,
      `0${n}`,
      `${n}.0`,
      `${n}e0`,
      "1e3",
      "-1",
      "0",
    ]) {
      const res = await env.app.inject({
        method: "GET",
        url: `/api/v1/tickets/${v}`,
        headers: env.auth(env.adminToken),
      });
      expect([400, 404], v).toContain(res.statusCode);
      expect(res.json().error.code, v).toMatch(/^(validation_error|not_found)$/);
    }
    const token = await env.app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: env.auth(env.adminToken),
      payload: { name: "da non cancellare" },
    });
    const id = token.json().id;
    const del = await env.app.inject({
      method: "DELETE",
      url: `/api/v1/tokens/%20${id}`,
      headers: env.auth(env.adminToken),
    });
    expect([400, 404]).toContain(del.statusCode);
    const left = await env.app.inject({ method: "GET", url: "/api/v1/tokens", headers: env.auth(env.adminToken) });
    expect(left.json().data.map((t: { id: number }) => t.id)).toContain(id);
  });

  it("strips NUL, control, bidi-override and line-break characters from attachment names", async () => {
    const name = "fattura\u202Egpj.exe\u0000\r\nX-Injected: 1\u200F\u2066.pdf";
    const up = await env.app.inject({
      method: "POST",
      url: `/api/v1/attachments?filename=${encodeURIComponent(name)}`,
      headers: { ...env.auth(env.adminToken), "content-type": "application/pdf" },
      payload: Buffer.from("%PDF-1.4"),
    });
    expect(up.statusCode).toBe(201);
    const kept: string = up.json().filename;
    expect(kept).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(kept).toBe("fatturagpj.exeX-Injected: 1.pdf");
    const dl = await env.app.inject({ method: "GET", url: up.json().url, headers: env.auth(env.adminToken) });
    expect(dl.headers["content-disposition"]).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(kept)}`);
  });

  it("keeps a name readable: folders, dots only and empty names become safe", () => {
    expect(safeFilename("../../etc/passwd")).toBe(".._.._etc_passwd");
    expect(safeFilename("\u0000\u202E")).toBe("file");
    expect(safeFilename("..")).toBe("file");
    expect(safeFilename("Cafe\u0301.txt")).toBe("Café.txt");
    expect(safeFilename("  nota .txt  ")).toBe("nota .txt");
  });
});
