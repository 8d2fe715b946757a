import v8 from "node:v8";
import vm from "node:vm";

/**
 * V8 allocates objects straight into the old generation once enough of those made at the same place in the code
 * outlived a young-generation collection (allocation-site pretenuring). Reading mail (mailparser's streams)
 * fools it: an email being read when a collection comes looks long-lived, its allocation sites move to the old
 * generation, and from there their objects keep the next emails' young objects alive, which are promoted in turn
 * and collected only by a full collection. Reading the ingest benchmark's messages one after another promoted
 * 1.2-1.8 MB at every young collection with it, nothing without; the SMTP benchmark's server CPU per message fell
 * by about a tenth (alternating runs, 8 and 32 clients). The flag is process-wide: worker threads' heaps too.
 * Called first thing by bin/sportello.js, and by the benchmarks that run the pipeline in their own process.
 */
export function tuneV8(): void {
  v8.setFlagsFromString("--no-allocation-site-pretenuring");
}

/**
 * Starting up (migrations, the demo's creation, the first round of jobs) leaves garbage in the heap and a young
 * generation grown to its largest for that work (32 MB). V8 gives such memory back in a full collection made
 * while little is being allocated (under 1 MB/s over the last 5 s), and a quiet server may go hours without a
 * full collection: the process sat at about 190 MB where 160 MB were needed (bench/startup.bench.ts). So, from
 * 10 s after the start, one full collection every 10 s (about 50 ms each) until the young generation has shrunk,
 * six at most: the first usually does it, a busy start takes more.
 */
export function collectAfterStart(everyMs = 10_000, tries = 6): void {
  const youngMb = () =>
    (v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0) / 2 ** 20;
  let left = tries;
  const timer = setInterval(() => {
    v8.setFlagsFromString("--expose-gc");
    (vm.runInNewContext("gc") as () => void)();
    if (--left === 0 || youngMb() <= 4) clearInterval(timer);
  }, everyMs);
  timer.unref();
}
