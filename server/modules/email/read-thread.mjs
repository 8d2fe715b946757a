// The read thread's entry: a worker thread loads TypeScript through tsx as the main thread does (bin/sportello.js).
import { register } from "tsx/esm/api";

register();
await import("./read-thread.ts");
