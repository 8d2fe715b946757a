import { type Zippable, zipSync } from "fflate";
import type { CustomerExport } from "../../../shared/api/privacy";
import type { Ctx } from "../../context";
import { readStoredFile } from "../attachments/attachments.store";
import { safeFilename } from "../attachments/filename";
import { storedFilesOf } from "./privacy.queries";

/**
 * The export with the customer's files, as one ZIP: `customer.json` (the export itself) and, under `files/`, every
 * file of their requests' timelines as `<attachment id>-<name>`, the name the JSON gives. Files are stored as they
 * are (most are already compressed); the JSON is deflated. Built in memory: one person's files, not a mailbox.
 */
export async function exportArchive(ctx: Ctx, workspaceId: number, data: CustomerExport): Promise<Uint8Array> {
  const ids = data.requests.flatMap((r) =>
    r.timeline.flatMap((item) => (item.kind === "message" ? item.attachments.map((a) => a.id) : [])),
  );
  const entries: Zippable = {
    "customer.json": [new TextEncoder().encode(JSON.stringify(data, null, 2)), { level: 6 }],
  };
  for (const f of ids.length ? await storedFilesOf(ctx, workspaceId, ids) : []) {
    const bytes = await readStoredFile(ctx, f.sha256);
    // A file whose bytes are gone (removed by hand from the data folder) is listed in the JSON, not in the ZIP.
    if (bytes) entries[archivePath(f.id, f.filename)] = [new Uint8Array(bytes), { level: 0 }];
  }
  return zipSync(entries);
}

/** Where a file is in the archive: its id keeps two files of the same name apart. */
export const archivePath = (id: number, filename: string) => `files/${id}-${safeFilename(filename)}`;
