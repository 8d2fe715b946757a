// Business-time arithmetic speed: due times of three business days on the default calendar.
// Run: npx tsx bench/business-time.bench.ts
import { addBusinessMinutes, defaultCalendar } from "../server/modules/calendars/business-time";

const cal = defaultCalendar();
for (const n of [10_000, 100_000]) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) addBusinessMinutes(cal, new Date(Date.UTC(2026, 0, 1) + i * 397_000), 1440);
  const ms = performance.now() - t0;
  console.log(
    `${n.toLocaleString("en")} due times (1,440 business minutes each): ${ms.toFixed(0)} ms, ${((ms * 1000) / n).toFixed(1)} µs each`,
  );
}
