// x-uuencode attachments (old Outlook Express, some Unix mailers): mailparser leaves their body as it came,
// "begin 644 name" lines of printable characters. Decoded here; anything that is not a well-formed uuencoded
// body is left as it is.

/** The bytes and file name of a uuencoded body, or null when `content` is not one. */
export function uudecode(content: Buffer): { name: string; data: Buffer } | null {
  const text = content.toString("latin1");
  const begin = /^[ \t]*begin(?:-base64)? [0-7]{3,4} ([^\r\n]+)\r?\n/m.exec(text);
  if (!begin || begin.index > 1024) return null;
  const lines = text.slice(begin.index + begin[0].length).split(/\r?\n/);
  const out: number[] = [];
  let ended = false;
  for (const line of lines) {
    if (line === "end" || line.trimEnd() === "end") {
      ended = true;
      break;
    }
    if (!line.length) continue;
    const n = (line.charCodeAt(0) - 32) & 63;
    if (n === 0) continue; // "`" or " ": the empty last line
    const chars = line.slice(1);
    if (chars.length < Math.ceil(n / 3) * 4 - 2) return null; // a truncated line: not a body we can read
    const c = (i: number) => ((chars.charCodeAt(i) || 32) - 32) & 63;
    const bytes: number[] = [];
    for (let i = 0; bytes.length < n; i += 4) {
      const [a, b, d, e] = [c(i), c(i + 1), c(i + 2), c(i + 3)];
      bytes.push(((a << 2) | (b >> 4)) & 255, ((b << 4) | (d >> 2)) & 255, ((d << 6) | e) & 255);
    }
    for (let k = 0; k < n; k++) out.push(bytes[k]);
  }
  if (!ended) return null;
  return { name: begin[1].trim(), data: Buffer.from(out) };
}
