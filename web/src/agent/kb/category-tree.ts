import type { KbCategory } from "../../../../shared/api";

// Categories in tree order (each followed by its subcategories), with their path ("Macchine › Caldaie").

export const categoryName = (c: KbCategory, lang: string) => (lang.startsWith("en") ? (c.name_en ?? c.name) : c.name);

export function categoryTree(all: KbCategory[], lang: string): { category: KbCategory; path: string; depth: number }[] {
  const ids = new Set(all.map((c) => c.id));
  const children = new Map<number | null, KbCategory[]>();
  for (const c of all) {
    const parent = c.parent_id !== null && ids.has(c.parent_id) ? c.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const out: { category: KbCategory; path: string; depth: number }[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, prefix: string, depth: number) => {
    for (const c of children.get(parent) ?? []) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      const path = prefix ? `${prefix} › ${categoryName(c, lang)}` : categoryName(c, lang);
      out.push({ category: c, path, depth });
      walk(c.id, path, depth + 1);
    }
  };
  walk(null, "", 0);
  return out;
}

/** The ids of a category and of everything under it: none of them may become its parent. */
export function selfAndBelow(all: KbCategory[], id: number): Set<number> {
  const out = new Set([id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const c of all)
      if (c.parent_id !== null && out.has(c.parent_id) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
  }
  return out;
}
