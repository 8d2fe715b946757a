import { describe, expect, it } from "vitest";
import { portalEn } from "../locales/portal.en";
import { handler } from "./promise";
import type { Request } from "./types";

// Who the portal says handles a request: the agent while it is open, who solved it once solved.
describe("the portal's handler line", () => {
  const texts = portalEn as unknown as { portal: Record<string, string> };
  const t = (key: string, o: Record<string, unknown> = {}) =>
    texts.portal[key.replace("portal.", "")].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(o[k]));
  const request = (state: Request["state"], handled_by: string | null) => ({ state, handled_by }) as Request;
  it.each([
    ["in_progress", "Anna", "Anna is handling it"],
    ["waiting_for_you", "Anna", "Anna is handling it"],
    ["solved", "Marco", "Solved by Marco"],
    ["received", null, "It will be assigned shortly"],
    ["solved", null, null],
  ] as const)("%s, handled by %s", (state, who, line) => {
    expect(handler(t, request(state, who))).toBe(line);
  });
});
