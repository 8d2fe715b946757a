import { describe, expect, it } from "vitest";
import { languageOf, MARKERS } from "./language";

// A new customer's language, read from their first message: only when the message says it clearly.
describe("languageOf", () => {
  it.each([
    ["Buongiorno, da stamattina la macchina perde acqua dal gruppo. Potete mandare un tecnico?", "it"],
    ["Ho ordinato le capsule una settimana fa e non è arrivato nulla. Perché?", "it"],
    ["Hello, since yesterday our grinder makes a loud noise when it starts. Is it safe to use?", "en"],
    ["Where can I find the descaling instructions for the Aurora Mini?", "en"],
    ["The Aurora Mini stopped heating after a month. Support was polite but slow.", "en"],
  ])("%s → %s", (text, lang) => {
    expect(languageOf(text)).toBe(lang);
  });

  it.each([
    ["Grazie"], // too short to say
    ["no-team\nno-team"], // words of a ticket's subject, not of a language
    ["Ordine 4412"],
    ["Hello, la macchina is broken and non funziona"], // as much of one as of the other
    [""],
  ])("says nothing of %j", (text) => {
    expect(languageOf(text)).toBeNull();
  });

  it("counts no word as a mark of both languages", () => {
    expect([...MARKERS.it].filter((w) => MARKERS.en.has(w))).toEqual([]);
  });
});
