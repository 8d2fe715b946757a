import { describe, expect, it } from "vitest";
import { uudecode } from "./uudecode";

/** A uuencoder of our own, to check the decoder on bytes of every value. */
function uuencode(name: string, data: Buffer): string {
  const ch = (v: number) => (v === 0 ? "`" : String.fromCharCode(v + 32));
  const lines = [`begin 644 ${name}`];
  for (let i = 0; i < data.length; i += 45) {
    const chunk = data.subarray(i, i + 45);
    let line = ch(chunk.length);
    for (let j = 0; j < chunk.length; j += 3) {
      const [a, b, c] = [chunk[j], chunk[j + 1] ?? 0, chunk[j + 2] ?? 0];
      line += ch(a >> 2) + ch(((a << 4) | (b >> 4)) & 63) + ch(((b << 2) | (c >> 6)) & 63) + ch(c & 63);
    }
    lines.push(line);
  }
  lines.push("`", "end", "");
  return lines.join("\r\n");
}

describe("uudecode", () => {
  it("decodes a short text file", () => {
    const body = Buffer.from("begin 644 saluti.txt\r\n+8VEA;R!M;VYD;PH`\r\n`\r\nend\r\n");
    expect(uudecode(body)).toEqual({ name: "saluti.txt", data: Buffer.from("ciao mondo\n") });
  });

  it("decodes every byte value over several lines", () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
    expect(uudecode(Buffer.from(uuencode("dati.bin", data)))?.data.equals(data)).toBe(true);
  });

  it("leaves alone what is not a uuencoded body", () => {
    expect(uudecode(Buffer.from("just some text\r\n"))).toBeNull();
    // No "end": cut short in transit, kept as it came.
    expect(uudecode(Buffer.from("begin 644 a.txt\r\n+8VEA;R!M;VYD;PH`\r\n"))).toBeNull();
  });
});
