import v8 from "node:v8";

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
