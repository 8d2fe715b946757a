import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, type TestEnv, testEnv } from "../../test/harness";

describe.each(DIALECTS)("calendars API on %s", (mode) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(mode);
  });
  afterAll(async () => env?.close());
  const call = (method: "GET" | "POST", url: string, payload?: object) => env.app.inject({ method, url, payload, headers: env.auth(env.adminToken) });

  it("gives every workspace a default calendar and previews due times", async () => {
    const list = (await call("GET", "/api/v1/calendars")).json().data;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ default: true, timezone: "Europe/Rome", country: "IT", weekly: { 1: [{ start: "09:00", end: "13:00" }, { start: "14:00", end: "18:00" }] } });
    const due = (q: string) => call("GET", `/api/v1/calendars/${list[0].id}/due?${q}`);
    expect((await due("from=2026-03-02T09:00:00%2B01:00&business_minutes=240")).json()).toEqual({ due_at: "2026-03-02T13:00:00+01:00" });
    expect((await due("from=2026-03-27T17:00:00%2B01:00&business_minutes=120")).json()).toEqual({ due_at: "2026-03-30T10:00:00+02:00" });
    expect((await due("from=2026-04-03T08:00:00Z&business_minutes=480")).json()).toEqual({ due_at: "2026-04-07T10:00:00+02:00" });
    const bad = await due("from=yesterday&business_minutes=10");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_error");
    expect((await call("GET", "/api/v1/calendars/999999/due?from=2026-03-02T09:00:00Z&business_minutes=1")).statusCode).toBe(404);
  });

  it("creates calendars with split shifts and closures, and rejects overlapping shifts", async () => {
    const milano = await call("POST", "/api/v1/calendars", {
      name: "Milano", weekly: { 1: [{ start: "08:30", end: "12:30" }, { start: "13:30", end: "17:30" }], 2: [{ start: "08:30", end: "17:30" }] },
      closures: [{ date: "12-07", name: "Sant'Ambrogio" }, { date: "2026-03-10", name: "Inventario" }],
    });
    expect(milano.statusCode).toBe(201);
    const due = await call("GET", `/api/v1/calendars/${milano.json().id}/due?from=2026-03-09T12:00:00%2B01:00&business_minutes=60`);
    // 30 minutes until 12:30, the other 30 after the 13:30 reopening.
    expect(due.json()).toEqual({ due_at: "2026-03-09T14:00:00+01:00" });
    const overlapping = await call("POST", "/api/v1/calendars", { name: "x", weekly: { 1: [{ start: "09:00", end: "13:00" }, { start: "12:00", end: "18:00" }] } });
    expect(overlapping.statusCode).toBe(400);
    const badZone = await call("POST", "/api/v1/calendars", { name: "x", timezone: "Mars/Olympus", weekly: { 1: [{ start: "09:00", end: "10:00" }] } });
    expect(badZone.statusCode).toBe(400);
  });
});
