import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import type { TimelineEvent } from "../../../../shared/api";
import { en } from "../../locales/en";
import { it as itTexts } from "../../locales/it";
import { describeEvent, type Names } from "./describeEvent";

// The timeline names whom a ticket was given to and which team it went to, in both languages, with the app's texts.
const i18n = i18next.createInstance();
beforeAll(() =>
  i18n.init({
    resources: { it: { translation: itTexts }, en: { translation: en } },
    lng: "en",
    interpolation: { escapeValue: false },
  }),
);
const names: Names = {
  agent: (id) => ({ 1: "Giulia Ferri", 2: "Anna Conti" })[id],
  team: (id) => ({ 7: "Tecnico macchine" })[id],
};
const giulia = { type: "agent" as const, id: 1, name: "Giulia Ferri" };
const event = (type: string, data: object, actor: object = giulia) =>
  ({ id: 1, type, actor, data, created_at: "2026-12-06T09:00:00.000Z" }) as unknown as TimelineEvent;
const say = (lang: "it" | "en", e: TimelineEvent, known = names) => describeEvent(i18n.getFixedT(lang), e, lang, known);

describe("describeEvent", () => {
  it("names the agent a ticket was assigned to, or says it was taken or left unassigned", () => {
    expect(say("en", event("assigned", { from: null, to: 2 }))).toBe("Giulia Ferri assigned the ticket to Anna Conti");
    expect(say("it", event("assigned", { from: null, to: 2 }))).toBe(
      "Giulia Ferri ha assegnato il ticket: se ne occupa Anna Conti",
    );
    expect(say("en", event("assigned", { from: 2, to: 1 }))).toBe("Giulia Ferri took the ticket");
    expect(say("it", event("assigned", { from: 2, to: null }))).toBe("Giulia Ferri ha tolto l'assegnatario");
    // An agent the app does not know (removed since): the event still reads.
    expect(say("en", event("assigned", { from: null, to: 9 }))).toBe("Giulia Ferri changed the assignment");
  });

  it("names the team a ticket moved to", () => {
    expect(say("en", event("team_changed", { from: 1, to: 7 }))).toBe(
      "Giulia Ferri moved the ticket to the team Tecnico macchine",
    );
    expect(say("it", event("team_changed", { from: 1, to: 7 }))).toBe(
      "Giulia Ferri ha spostato il ticket al team Tecnico macchine",
    );
    expect(say("en", event("team_changed", { from: 7, to: null }))).toBe(
      "Giulia Ferri took the ticket out of its team",
    );
    expect(say("it", event("team_changed", { from: 1, to: 8 }))).toBe(
      "Giulia Ferri ha spostato il ticket a un altro team",
    );
  });

  it("names who round-robin chose, and the customer who opened a ticket", () => {
    const auto = event(
      "auto_assigned",
      { agent_id: 2, team_id: 7, rule: "round_robin", open_tickets: 1, capacity: 5 },
      { type: "system", id: null, name: null },
    );
    expect(say("it", auto)).toBe("Assegnato automaticamente (a rotazione): se ne occupa Anna Conti");
    const opened = event(
      "created",
      { channel: "email", priority: "normal" },
      { type: "customer", id: 4, name: "Luca Romano" },
    );
    expect(say("en", opened)).toBe("Luca Romano opened the ticket (Email)");
  });
});
