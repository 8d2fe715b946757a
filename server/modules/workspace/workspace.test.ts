import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";

describe.each(DATABASES)("workspace settings on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());
  const call = (method: "GET" | "PATCH", payload?: object) =>
    env.app.inject({ method, url: "/api/v1/workspace", payload, headers: env.auth(env.adminToken) });

  it("shows the settings and changes only what a PATCH names", async () => {
    const before = (await call("GET")).json();
    expect(before).toMatchObject({ id: env.workspaceId, name: "Test", timezone: "Europe/Rome" });
    const after = await call("PATCH", { name: "Assistenza", portal_reopen_days: 14 });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ ...before, name: "Assistenza", portal_reopen_days: 14 });
    expect((await call("GET")).json()).toEqual(after.json());
  });

  it("accepts IANA time zones and UTC, and refuses anything else", async () => {
    expect((await call("PATCH", { timezone: "America/New_York" })).json().timezone).toBe("America/New_York");
    expect((await call("PATCH", { timezone: "UTC" })).json().timezone).toBe("UTC");
    const wrong = await call("PATCH", { timezone: "Mars/Olympus" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe("invalid_timezone");
    expect((await call("GET")).json().timezone).toBe("UTC");
  });
});
