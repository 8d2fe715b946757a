import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestEnv, testEnv } from "../../test/harness";
import { passwordStrength } from "./password-strength";

// Issue 21, finding 10: length alone let "aaaaaaaaaa" through.
describe("password strength", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv("sqlite", {}, { worker: false });
  });
  afterAll(async () => env?.close());
  const agents = (method: "POST" | "PATCH", url: string, payload: object) =>
    env.app.inject({ method, url, payload, headers: env.auth(env.adminToken) });

  it("scores with the English and Italian dictionaries and the person's own words", async () => {
    expect((await passwordStrength("aaaaaaaaaa")).score).toBeLessThan(3);
    expect(await passwordStrength("password123")).toMatchObject({ warning: "common" });
    expect((await passwordStrength("mare-sole-vento-27")).score).toBeGreaterThanOrEqual(3);
    const own = await passwordStrength("Giulia Bianchi", ["giulia.bianchi@esempio.it", "Giulia Bianchi"]);
    expect(own.score).toBeLessThan(3);
  });

  it("refuses a weak password when an agent is created, with feedback keys the app translates", async () => {
    const res = await agents("POST", "/api/v1/agents", {
      name: "Pia Neri",
      email: "pia@example.it",
      password: "aaaaaaaaaa",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "weak_password",
      details: { min_score: 3, warning: "simpleRepeat", suggestions: expect.arrayContaining(["repeated"]) },
    });
    const ok = await agents("POST", "/api/v1/agents", {
      name: "Pia Neri",
      email: "pia@example.it",
      password: "mare-sole-vento-27",
    });
    expect(ok.statusCode).toBe(201);
  });

  it("refuses a weak password when an admin resets one", async () => {
    const created = await agents("POST", "/api/v1/agents", { name: "Ugo Riva", email: "ugo.riva@example.it" });
    const id = created.json().id as number;
    const weak = await agents("PATCH", `/api/v1/agents/${id}`, { password: "ugo.riva@example.it" });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe("weak_password");
    expect((await agents("PATCH", `/api/v1/agents/${id}`, { password: "Lago di Como al tramonto" })).statusCode).toBe(
      200,
    );
  });
});
