import { Readable } from "node:stream";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import type { CustomerExport } from "../../../shared/api/privacy";
import type { Ctx } from "../../context";
import { openStoredFile } from "../attachments/attachments.store";
import { safeFilename } from "../attachments/filename";
import { storedFilesOf } from "./privacy.queries";

/**
 * The export with the customer's files, as one ZIP: `customer.json` (the export itself) and, under `files/`, every
 * file of their requests' timelines as `<attachment id>-<name>`. Files are stored as they are (most are already
 * compressed); the JSON is deflated. Streamed: a file is read while the ZIP is sent, one chunk at a time as the
 * client takes it, so a customer's 25 MB files are never all in memory at once.
 */
export function exportArchive(ctx: Ctx, workspaceId: number, data: CustomerExport): Readable {
  return Readable.from(entries(ctx, workspaceId, data), { objectMode: false });
}

async function* entries(ctx: Ctx, workspaceId: number, data: CustomerExport): AsyncGenerator<Uint8Array> {
  const ids = data.requests.flatMap((r) =>
    r.timeline.flatMap((item) => (item.kind === "message" ? item.attachments.map((a) => a.id) : [])),
  );
  // fflate hands out the ZIP's bytes as files are pushed in; they wait here until the client reads them.
  const ready: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => (err ? (failed = err) : ready.push(chunk)));
  function* drain() {
    if (failed) throw failed;
    while (ready.length) yield ready.shift()!;
  }
  const json = new ZipDeflate("customer.json", { level: 6 });
  zip.add(json);
  json.push(new TextEncoder().encode(JSON.stringify(data, null, 2)), true);
  yield* drain();
  for (const f of ids.length ? await storedFilesOf(ctx, workspaceId, ids) : []) {
    const body = await openStoredFile(ctx, f.sha256);
    // A file whose bytes are gone (removed by hand from the data folder) is listed in the JSON, not in the ZIP.
    if (!body) continue;
    const entry = new ZipPassThrough(archivePath(f.id, f.filename));
    zip.add(entry);
    if (Buffer.isBuffer(body)) entry.push(body, true);
    else {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        entry.push(chunk);
        yield* drain();
      }
      entry.push(new Uint8Array(0), true);
    }
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** Where a file is in the archive: its id keeps two files of the same name apart. */
export const archivePath = (id: number, filename: string) => `files/${id}-${safeFilename(filename)}`;
