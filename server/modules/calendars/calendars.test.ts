import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../../test/harness";

describe.each(DATABASES)("calendars API on %s", (mode) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(mode);
  });
  afterAll(async () => env?.close());
  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    env.app.inject({ method, url, payload, headers: env.auth(env.adminToken) });

  it("gives every workspace a default calendar and previews due times", async () => {
    const list = (await call("GET", "/api/v1/calendars")).json().data;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      default: true,
      timezone: "Europe/Rome",
      country: "IT",
      weekly: {
        1: [
          { start: "09:00", end: "13:00" },
          { start: "14:00", end: "18:00" },
        ],
      },
    });
    const due = (q: string) => call("GET", `/api/v1/calendars/${list[0].id}/due?${q}`);
    expect((await due("from=2026-03-02T09:00:00%2B01:00&business_minutes=240")).json()).toEqual({
      due_at: "2026-03-02T13:00:00+01:00",
    });
    expect((await due("from=2026-03-27T17:00:00%2B01:00&business_minutes=120")).json()).toEqual({
      due_at: "2026-03-30T10:00:00+02:00",
    });
    expect((await due("from=2026-04-03T08:00:00Z&business_minutes=480")).json()).toEqual({
      due_at: "2026-04-07T10:00:00+02:00",
    });
    const bad = await due("from=yesterday&business_minutes=10");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("validation_error");
    expect(
      (await call("GET", "/api/v1/calendars/999999/due?from=2026-03-02T09:00:00Z&business_minutes=1")).statusCode,
    ).toBe(404);
  });

  it("creates calendars with split shifts and closures, and rejects overlapping shifts", async () => {
    const milano = await call("POST", "/api/v1/calendars", {
      name: "Milano",
      weekly: {
        1: [
          { start: "08:30", end: "12:30" },
          { start: "13:30", end: "17:30" },
        ],
        2: [{ start: "08:30", end: "17:30" }],
      },
      closures: [
        { date: "12-07", name: "Sant'Ambrogio" },
        { date: "2026-03-10", name: "Inventario" },
      ],
    });
    expect(milano.statusCode).toBe(201);
    const due = await call(
      "GET",
      `/api/v1/calendars/${milano.json().id}/due?from=2026-03-09T12:00:00%2B01:00&business_minutes=60`,
    );
    // 30 minutes until 12:30, the other 30 after the 13:30 reopening.
    expect(due.json()).toEqual({ due_at: "2026-03-09T14:00:00+01:00" });
    const overlapping = await call("POST", "/api/v1/calendars", {
      name: "x",
      weekly: {
        1: [
          { start: "09:00", end: "13:00" },
          { start: "12:00", end: "18:00" },
        ],
      },
    });
    expect(overlapping.statusCode).toBe(400);
    const badZone = await call("POST", "/api/v1/calendars", {
      name: "x",
      timezone: "Mars/Olympus",
      weekly: { 1: [{ start: "09:00", end: "10:00" }] },
    });
    expect(badZone.statusCode).toBe(400);
  });

  it("adds a patron saint and a one-off closure to the default calendar, and the preview follows", async () => {
    const cal = (await call("GET", "/api/v1/calendars")).json().data.find((c: { default: boolean }) => c.default);
    const due = async () =>
      (
        await call("GET", `/api/v1/calendars/${cal.id}/due?from=2026-12-04T17:00:00%2B01:00&business_minutes=120`)
      ).json().due_at;
    // Friday 17:00 + 2 business hours: Monday 7 December at 10:00, then Tuesday 8 is the Immacolata.
    expect(await due()).toBe("2026-12-07T10:00:00+01:00");
    const changed = await call("PATCH", `/api/v1/calendars/${cal.id}`, {
      closures: [
        { date: "12-07", name: "Sant'Ambrogio" },
        { date: "2026-12-09", name: "Inventario" },
      ],
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      id: cal.id,
      default: true,
      name: cal.name,
      weekly: cal.weekly,
      closures: [
        { date: "12-07", name: "Sant'Ambrogio" },
        { date: "2026-12-09", name: "Inventario" },
      ],
    });
    expect(await due()).toBe("2026-12-10T10:00:00+01:00");
    expect((await call("PATCH", `/api/v1/calendars/${cal.id}`, {})).json().error.code).toBe("nothing_to_change");
    expect(
      (await call("PATCH", `/api/v1/calendars/${cal.id}`, { closures: [{ date: "7 dicembre", name: "x" }] }))
        .statusCode,
    ).toBe(400);
    expect((await call("PATCH", "/api/v1/calendars/999999", { name: "x" })).statusCode).toBe(404);
  });
});
