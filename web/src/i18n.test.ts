import { describe, expect, it } from "vitest";
import { formatMinutes } from "./i18n";

// Times a report shows in minutes, as a person reads them, in both languages.
describe("formatMinutes", () => {
  const cases: [number | null, string, string][] = [
    [null, "—", "—"],
    [0.5, "0,5 min", "0.5 min"],
    [40, "40 min", "40 min"],
    [59.6, "1 h", "1 hr"],
    [60, "1 h", "1 hr"],
    [320, "5 h 20 min", "5 hr 20 min"],
    [1440, "24 h", "24 hr"],
    [47 * 60 + 59, "47 h 59 min", "47 hr 59 min"],
    [48 * 60, "2 giorni", "2 days"],
    [7520, "5 giorni 5 h", "5 days 5 hr"],
  ];
  it.each(cases)("%s minutes", (minutes, italian, english) => {
    expect(formatMinutes(minutes, "it")).toBe(italian);
    expect(formatMinutes(minutes, "en")).toBe(english);
  });
});
