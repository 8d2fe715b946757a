import type { RegisteredRoute } from "../http/route";
import { PERMISSIONS } from "../policy";

const ACCESS = ["public", "agent", "customer"];

/**
 * The routes under /api that Fastify registered without a proper declaration from route(): no access, an unknown
 * access, an agent route without a known policy, or a public/customer route naming one. Empty when all is well.
 */
export function undeclaredApiRoutes(routes: readonly RegisteredRoute[]): string[] {
  const problems: string[] = [];
  for (const { method, url, declaration: d } of routes) {
    if (url !== "/api" && !url.startsWith("/api/")) continue;
    const name = `${method} ${url}`;
    if (!d) problems.push(`${name}: not declared through route()`);
    else if (!ACCESS.includes(d.access)) problems.push(`${name}: unknown access ${String(d.access)}`);
    else if (d.access === "agent" && !(d.policy && d.policy in PERMISSIONS))
      problems.push(`${name}: agent route without a known policy (${String(d.policy)})`);
    else if (d.access !== "agent" && d.policy !== null) problems.push(`${name}: ${d.access} route with a policy`);
  }
  return problems;
}
