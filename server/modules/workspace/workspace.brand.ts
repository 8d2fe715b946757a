// The workspace's brand on the public help centre: which images a logo may be, and its address. The colours a
// page derives from the brand colour are in shared/brand.ts (the admin page's preview uses them too).

/** Largest logo accepted: a header image needs far less. */
export const LOGO_MAX_BYTES = 512 * 1024;

/**
 * The logo's type, from its first bytes (never from the name or the header the browser sent): PNG, JPEG or WebP.
 * SVG is refused: it is a document that can carry script, and a bitmap is all a header needs.
 */
export function logoType(content: Buffer): "image/png" | "image/jpeg" | "image/webp" | null {
  if (
    content.length >= 8 &&
    content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return "image/png";
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return "image/jpeg";
  if (
    content.length >= 12 &&
    content.subarray(0, 4).toString("latin1") === "RIFF" &&
    content.subarray(8, 12).toString("latin1") === "WEBP"
  )
    return "image/webp";
  return null;
}

/** The logo's public address: versioned by its content, so a new logo shows at once and an old one caches long. */
export const logoUrl = (sha256: string | null) => (sha256 ? `/help/logo?v=${sha256.slice(0, 16)}` : null);

export { brandColours, contrast, DEFAULT_BRAND, linkColour, luminance, textOn } from "../../../shared/brand";
