// The colours a help centre page derives from the workspace's brand colour, so that its text keeps WCAG AA contrast
// (4.5:1) whatever colour an admin picks. The server's pages (modules/kb/kb.html.ts) and the admin page's preview
// use them.

/** The colour the help centre uses when the admin chose none. */
export const DEFAULT_BRAND = "#0b5cad";
/** The page's background behind links (the footer's grey; the white main area contrasts more). */
const PAGE_BG = "#f6f8fa";
const NEAR_BLACK = "#111111";

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const toHex = (rgb: number[]) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;

/** Relative luminance (WCAG 2.x) of #rrggbb. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/**
 * Text on the brand colour: white, or near-black when that reads better. Whichever of white and black contrasts
 * more always reaches 4.58:1; near-black is used when it still reaches 4.5:1, pure black otherwise.
 */
export function textOn(bg: string): string {
  if (contrast("#ffffff", bg) >= contrast("#000000", bg)) return "#ffffff";
  return contrast(NEAR_BLACK, bg) >= 4.5 ? NEAR_BLACK : "#000000";
}

/** The brand colour for links on the page: itself when it reads on the light page, else darkened until it does. */
export function linkColour(brand: string): string {
  const rgb = channels(brand);
  for (let k = 1; k > 0; k -= 0.05) {
    const c = toHex(rgb.map((v) => v * k));
    if (contrast(c, PAGE_BG) >= 4.5) return c;
  }
  return NEAR_BLACK;
}

/** The colours of a help centre page: header band and buttons (with their text), and links. */
export function brandColours(brand: string | null) {
  const band = brand ?? DEFAULT_BRAND;
  return { band, onBand: textOn(band), link: linkColour(band) };
}
