/** A file name as we keep it: no folders. */
export function safeFilename(name: string): string {
  return name.replace(/[\\/]/g, "_");
}
