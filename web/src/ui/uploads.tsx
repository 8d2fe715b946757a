import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import "./strings";

export interface Uploaded {
  id: number;
  filename: string;
}

/**
 * Files uploaded one by one as soon as they are chosen (the agent app's /api/v1/attachments, the portal's
 * /api/v1/portal/attachments): a message then names them by id. A file that fails leaves the others.
 */
export function useUploads(url: string) {
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [pending, setPending] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const add = useCallback(
    async (list: FileList | null) => {
      setError(null);
      for (const f of Array.from(list ?? [])) {
        setPending((p) => [...p, f.name]);
        try {
          const r = await api<Uploaded>("POST", `${url}?filename=${encodeURIComponent(f.name)}`, undefined, {
            raw: f,
            contentType: f.type,
          });
          setFiles((x) => [...x, { id: r.id, filename: r.filename }]);
        } catch (e) {
          setError(e);
        } finally {
          setPending((p) => p.filter((n) => n !== f.name));
        }
      }
    },
    [url],
  );
  const remove = useCallback((id: number) => setFiles((x) => x.filter((f) => f.id !== id)), []);
  const restore = useCallback((back: Uploaded[]) => setFiles(back), []);
  const clear = useCallback(() => {
    setFiles([]);
    setError(null);
  }, []);
  return { files, pending, error, add, remove, restore, clear };
}
export type Uploads = ReturnType<typeof useUploads>;

/** The chosen files, each with a button that takes it out of the message (the upload stays, unused). */
export function UploadList({ uploads }: { uploads: Uploads }) {
  const { t } = useTranslation();
  if (!uploads.files.length && !uploads.pending.length) return null;
  return (
    <ul className="files" aria-label={t("ui.attached")}>
      {uploads.files.map((f) => (
        <li key={f.id}>
          {f.filename}{" "}
          <button
            type="button"
            className="link"
            aria-label={t("ui.remove_file", { name: f.filename })}
            onClick={() => uploads.remove(f.id)}
          >
            ×
          </button>
        </li>
      ))}
      {uploads.pending.map((name) => (
        <li key={`pending-${name}`} className="muted">
          {t("ui.uploading", { name })}
        </li>
      ))}
    </ul>
  );
}

/** A button that opens the file picker (the input covers it, so it is one stop for the keyboard). */
export function AttachButton({ uploads, label }: { uploads: Uploads; label?: string }) {
  const { t } = useTranslation();
  return (
    <label className="file-button">
      {label ?? t("composer.attach")}
      <input
        type="file"
        multiple
        onChange={(e) => {
          void uploads.add(e.target.files);
          e.target.value = "";
        }}
      />
    </label>
  );
}
