import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestEnv, testEnv } from "../test/harness";

// Issue 21, finding 6: a change that would break a unique constraint is a 409 conflict naming the field, on both
// databases, whichever route ran into it; never a 500.
describe.each(DATABASES)("unique conflicts on %s", (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(dialect);
  });
  afterAll(async () => env?.close());

  const call = (method: "POST" | "PATCH", url: string, payload: object) =>
    env.app.inject({ method, url, headers: env.auth(env.adminToken), payload });
  const expectConflict = (res: Awaited<ReturnType<typeof call>>, field: string, code = "conflict") => {
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: { code, message: expect.stringContaining(field), details: { field } } });
  };

  it("answers 409 conflict with the field when a rename or a new address is taken", async () => {
    await call("POST", "/api/v1/teams", { name: "Resi" });
    const other = (await call("POST", "/api/v1/teams", { name: "Fatture" })).json();
    expectConflict(await call("PATCH", `/api/v1/teams/${other.id}`, { name: "Resi" }), "name");

    await call("POST", "/api/v1/agents", { name: "Uno", email: "uno@example.test" });
    const due = (await call("POST", "/api/v1/agents", { name: "Due", email: "due@example.test" })).json();
    expectConflict(await call("PATCH", `/api/v1/agents/${due.id}`, { email: "uno@example.test" }), "email");

    await call("POST", "/api/v1/customers", { email: "c1@example.test" });
    const c2 = (await call("POST", "/api/v1/customers", { email: "c2@example.test" })).json();
    // Checked before the write already, with its own code (the web app's text for it); the field is named too.
    expectConflict(
      await call("PATCH", `/api/v1/customers/${c2.id}`, { email: "c1@example.test" }),
      "email",
      "email_taken",
    );
    expectConflict(await call("POST", "/api/v1/teams", { name: "Resi" }), "name", "name_taken");

    await call("POST", "/api/v1/escalation-reasons", { code: "tecnico", label: "Tecnico" });
    expectConflict(
      await call("POST", "/api/v1/escalation-reasons", { code: "tecnico", label: "Di nuovo" }),
      "code",
      "code_taken",
    );
  });
});
