import fs from "node:fs";
import path from "node:path";

const DIR = path.join(import.meta.dirname, "fixtures");

/**
 * A message from server/test/fixtures, byte for byte as a client sent it (CRLF line ends and 8-bit charsets
 * kept). `{{name}}` placeholders are filled from `vars`, for the parts a test only knows at run time.
 */
export function fixture(name: string, vars: Record<string, string> = {}): Buffer {
  const bytes = fs.readFileSync(path.join(DIR, name));
  if (!Object.keys(vars).length) return bytes;
  let text = bytes.toString("latin1");
  for (const [key, value] of Object.entries(vars))
    text = text.replaceAll(`{{${key}}}`, Buffer.from(value, "utf8").toString("latin1"));
  if (/\{\{\w+\}\}/.test(text)) throw new Error(`${name}: a placeholder was left unfilled`);
  return Buffer.from(text, "latin1");
}
