/**
 * A file name as we keep it, whoever sent it (an upload, the web form, an email): composed (NFC), without
 * control and format characters (NUL, CR/LF, bidi overrides such as U+202E that show "exe.pdf" for "fdp.exe",
 * zero-width marks), line and paragraph separators, or folders; never empty, never only dots; 255 characters
 * at most.
 */
export function safeFilename(name: string, fallback = "file"): string {
  const clean = name
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[\\/]/g, "_")
    .trim()
    .slice(0, 255);
  return /^\.*$/.test(clean) ? fallback : clean;
}
