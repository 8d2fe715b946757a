import { describe, expect, it } from "vitest";
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween, defaultCalendar } from "./business-time";
import { easterSunday, italianHolidays } from "./holidays";

const allDay = [{ start: "00:00", end: "24:00" }];
const ALWAYS: BusinessCalendar = {
  timezone: "Europe/Rome",
  weekly: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay },
  country: null,
  closures: [],
};
const DEFAULT = defaultCalendar();
const withClosures = (closures: BusinessCalendar["closures"]) => ({ ...DEFAULT, closures });
const at = (iso: string) => new Date(iso);

// [case, calendar, from, business minutes, due] — expected values worked out by hand.
const CASES: [string, BusinessCalendar, string, number, string][] = [
  [
    "240 from 09:00 on a working Monday end at 13:00, not at the next opening",
    DEFAULT,
    "2026-03-02T09:00+01:00",
    240,
    "2026-03-02T13:00+01:00",
  ],
  ["241 go past lunch", DEFAULT, "2026-03-02T09:00+01:00", 241, "2026-03-02T14:01+01:00"],
  ["a whole working day ends at 18:00", DEFAULT, "2026-03-02T09:00+01:00", 480, "2026-03-02T18:00+01:00"],
  ["one minute more is Tuesday 09:01", DEFAULT, "2026-03-02T09:00+01:00", 481, "2026-03-03T09:01+01:00"],
  ["from mid-morning across lunch", DEFAULT, "2026-03-02T12:00+01:00", 90, "2026-03-02T14:30+01:00"],
  ["started during lunch counts from 14:00", DEFAULT, "2026-03-02T13:30+01:00", 30, "2026-03-02T14:30+01:00"],
  ["Friday 17:00 + 120 crosses the weekend", DEFAULT, "2026-03-06T17:00+01:00", 120, "2026-03-09T10:00+01:00"],
  ["started on Saturday counts from Monday", DEFAULT, "2026-03-07T10:00+01:00", 30, "2026-03-09T09:30+01:00"],
  ["zero minutes on a Saturday is the next opening", DEFAULT, "2026-03-07T10:00+01:00", 0, "2026-03-09T09:00+01:00"],
  [
    "started after closing counts from the next morning",
    DEFAULT,
    "2026-03-02T19:30+01:00",
    60,
    "2026-03-03T10:00+01:00",
  ],
  ["started just before midnight", DEFAULT, "2026-03-02T23:59+01:00", 1, "2026-03-03T09:01+01:00"],
  ["Easter Monday 2026 is closed", DEFAULT, "2026-04-03T17:00+02:00", 120, "2026-04-07T10:00+02:00"],
  [
    "4 October is a national holiday again from 2026 (Monday in 2027)",
    DEFAULT,
    "2027-10-01T17:00+02:00",
    120,
    "2027-10-05T10:00+02:00",
  ],
  [
    "Easter Monday 2027 (29 March) right after the spring change",
    DEFAULT,
    "2027-03-26T17:00+01:00",
    120,
    "2027-03-30T10:00+02:00",
  ],
  ["Christmas and Santo Stefano then the weekend", DEFAULT, "2026-12-24T17:00+01:00", 120, "2026-12-28T10:00+01:00"],
  [
    "last Sunday of March 2026: Friday CET to Monday CEST",
    DEFAULT,
    "2026-03-27T17:00+01:00",
    120,
    "2026-03-30T10:00+02:00",
  ],
  [
    "last Sunday of October 2026: Friday CEST to Monday CET",
    DEFAULT,
    "2026-10-23T17:00+02:00",
    120,
    "2026-10-26T10:00+01:00",
  ],
  ["25 April 2025 (Friday) is closed", DEFAULT, "2025-04-24T17:00+02:00", 120, "2025-04-28T10:00+02:00"],
  [
    "4 October 2025 was not yet a holiday (but a Saturday): Friday 3rd is open",
    DEFAULT,
    "2025-10-03T09:00+02:00",
    60,
    "2025-10-03T10:00+02:00",
  ],
  [
    "a one-off closure",
    withClosures([{ date: "2026-03-03", name: "Inventario" }]),
    "2026-03-02T17:00+01:00",
    120,
    "2026-03-04T10:00+01:00",
  ],
  [
    "a patron saint every year (Sant'Ambrogio) then the Immacolata",
    withClosures([{ date: "12-07", name: "Sant'Ambrogio" }]),
    "2026-12-04T17:00+01:00",
    120,
    "2026-12-09T10:00+01:00",
  ],
  [
    "24/7: 60 minutes across the missing hour of 29 March 2026",
    ALWAYS,
    "2026-03-29T01:30+01:00",
    60,
    "2026-03-29T03:30+02:00",
  ],
  [
    "24/7: 60 minutes across the repeated hour of 25 October 2026",
    ALWAYS,
    "2026-10-25T02:30+02:00",
    60,
    "2026-10-25T02:30+01:00",
  ],
  ["24/7: a 23-hour day", ALWAYS, "2026-03-29T00:00+01:00", 1440, "2026-03-30T01:00+02:00"],
  ["24/7: a 25-hour day", ALWAYS, "2026-10-25T00:00+02:00", 1440, "2026-10-25T23:00+01:00"],
  ["24/7 across midnight", ALWAYS, "2026-06-01T23:30+02:00", 60, "2026-06-02T00:30+02:00"],
  ["three business days", DEFAULT, "2026-03-02T09:00+01:00", 3 * 480, "2026-03-04T18:00+01:00"],
];

describe("addBusinessMinutes", () => {
  it.each(CASES)("%s", (_name, cal, from, minutes, due) => {
    expect(addBusinessMinutes(cal, at(from), minutes).toISOString()).toBe(at(due).toISOString());
  });

  it("refuses a calendar without opening hours instead of looping", () => {
    expect(() => addBusinessMinutes({ ...DEFAULT, weekly: {} }, at("2026-03-02T09:00+01:00"), 60)).toThrow(
      /no opening hours/,
    );
  });
});

describe("businessMinutesBetween", () => {
  it("is the inverse of addBusinessMinutes on pseudo-random inputs", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const from = new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 730 * 86_400_000));
      const minutes = Math.floor(rand() * 5000);
      for (const cal of [DEFAULT, ALWAYS]) {
        const due = addBusinessMinutes(cal, from, minutes);
        expect(businessMinutesBetween(cal, from, due)).toBe(minutes);
      }
    }
  });
});

describe("Italian national holidays", () => {
  const expected = (year: number) => {
    const easter = new Date(`${easterSunday(year)}T12:00:00Z`);
    const monday = new Date(easter.getTime() + 86_400_000).toISOString().slice(0, 10);
    const fixed = [
      "01-01",
      "01-06",
      "04-25",
      "05-01",
      "06-02",
      "08-15",
      "11-01",
      "12-08",
      "12-25",
      "12-26",
      ...(year >= 2026 ? ["10-04"] : []),
    ];
    return [...fixed.map((d) => `${year}-${d}`), easterSunday(year), monday].sort();
  };
  it.each([2025, 2026, 2027, 2030])("%i matches the law", (year) => {
    expect([...italianHolidays(year).keys()].sort()).toEqual(expected(year));
  });
  it("takes Easter from the library, which agrees with the Gregorian computation for a century", () => {
    for (let y = 2000; y <= 2100; y++) expect(italianHolidays(y).has(easterSunday(y))).toBe(true);
  });
});
