import { describe, expect, it } from "vitest";
import { formatPromise } from "./notifications";

describe("the promise in notifications", () => {
  it.each([
    ["it", "2026-12-01T10:00:00Z", "martedì 1 dicembre alle 11:00"],
    ["en", "2026-12-01T10:00:00Z", "Tuesday 1 December at 11:00"],
    ["it", "2026-07-03T07:30:00Z", "venerdì 3 luglio alle 09:30"],
  ] as const)("%s %s → %s", (language, iso, text) => {
    expect(formatPromise(Date.parse(iso), language, "Europe/Rome")).toBe(text);
  });
});
