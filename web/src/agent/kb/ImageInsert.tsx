import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../../errors";
import { useUploadImage } from "./queries";

export const IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp";

/** Markdown for an image: its file name as the alt text, brackets and backslashes escaped. */
export const imageMarkdown = (name: string, url: string) => `![${name.replace(/([\\[\]])/g, "\\$1")}](${url})`;

/**
 * Uploads images and inserts `![name](url)` where the cursor was in the textarea when the upload began (from the
 * button, a paste or a drop); `setBody` takes a function of the current body.
 */
export function useImageInsertion(
  textarea: React.RefObject<HTMLTextAreaElement | null>,
  setBody: (f: (body: string) => string) => void,
) {
  const { t } = useTranslation();
  const upload = useUploadImage();
  const [status, setStatus] = useState<string | null>(null);
  const insert = async (files: File[]) => {
    const images = files.filter((f) => f.type.startsWith("image/") || !f.type);
    if (!images.length) return false;
    const el = textarea.current;
    const start = el?.selectionStart ?? 0;
    const end = el?.selectionEnd ?? start;
    setStatus(t("kb.image_uploading"));
    try {
      const done = [];
      for (const f of images) done.push(await upload.mutateAsync(f));
      const text = done.map((img) => imageMarkdown(img.filename, img.url)).join("\n");
      setBody((body) => body.slice(0, start) + text + body.slice(end));
      setStatus(t("kb.image_inserted", { count: done.length }));
      requestAnimationFrame(() => {
        el?.focus();
        el?.setSelectionRange(start + text.length, start + text.length);
      });
    } catch (err) {
      setStatus(errorText(t, err));
    }
    return true;
  };
  const onPaste = (e: React.ClipboardEvent) => {
    const files = [...e.clipboardData.files];
    if (files.some((f) => f.type.startsWith("image/"))) {
      e.preventDefault();
      void insert(files);
    }
  };
  const onDrop = (e: React.DragEvent) => {
    const files = [...e.dataTransfer.files];
    if (files.length) {
      e.preventDefault();
      void insert(files);
    }
  };
  return { insert, onPaste, onDrop, status, busy: upload.isPending };
}

/** "Insert image": a button that opens the file picker. */
export function InsertImageButton({ onFiles, busy }: { onFiles: (files: File[]) => void; busy: boolean }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} disabled={busy}>
        {t("kb.insert_image")}
      </button>
      <input
        ref={input}
        type="file"
        accept={IMAGE_ACCEPT}
        multiple
        hidden
        data-testid="kb-image-input"
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = "";
        }}
      />
    </>
  );
}
