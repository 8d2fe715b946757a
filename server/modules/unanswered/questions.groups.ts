// Grouping questions as they arrive (single-pass "leader" clustering): a question joins the group whose centroid
// is the most similar (cosine of TF-IDF vectors) when that similarity reaches JOIN, else starts a group. Groups
// are found through an index of their centroids' heaviest terms, so a question is compared with the few groups
// that share a distinctive word, never with all of them. Pure: the service loads and saves the groups.

export const JOIN = 0.3;
/** Terms a centroid keeps (its heaviest): enough to compare, small enough to store. */
const KEEP = 40;
/** A question's heaviest terms used to find candidate groups. */
const PROBE = 6;

export interface Group {
  id: number | null;
  key: number;
  size: number;
  centroid: Map<string, number>;
  norm: number;
  dirty: boolean;
}

const normOf = (c: Map<string, number>) => Math.sqrt([...c.values()].reduce((s, w) => s + w * w, 0));

export class Grouper {
  private readonly groups = new Map<number, Group>();
  private readonly index = new Map<string, Set<number>>();
  private next = 0;

  constructor(existing: { id: number; size: number; centroid: [string, number][] }[] = []) {
    for (const g of existing) {
      const centroid = new Map(g.centroid);
      this.add({ id: g.id, key: this.next++, size: g.size, centroid, norm: normOf(centroid), dirty: false });
    }
  }

  private add(g: Group) {
    this.groups.set(g.key, g);
    for (const t of g.centroid.keys()) {
      let s = this.index.get(t);
      if (!s) this.index.set(t, (s = new Set()));
      s.add(g.key);
    }
  }

  /** Puts a question (a unit vector) in a group and answers the group. */
  assign(v: Map<string, number>): Group {
    const probe = [...v].sort((a, b) => b[1] - a[1]).slice(0, PROBE);
    const seen = new Set<number>();
    let best: Group | null = null;
    let bestScore = JOIN;
    for (const [t] of probe)
      for (const key of this.index.get(t) ?? []) {
        if (seen.has(key)) continue;
        seen.add(key);
        const g = this.groups.get(key)!;
        let dot = 0;
        for (const [term, w] of v) dot += w * (g.centroid.get(term) ?? 0);
        const score = g.norm > 0 ? dot / g.norm : 0;
        if (score >= bestScore) [best, bestScore] = [g, score];
      }
    if (!best) {
      const g: Group = { id: null, key: this.next++, size: 1, centroid: new Map(v), norm: 1, dirty: true };
      this.add(g);
      return g;
    }
    this.join(best, v);
    return best;
  }

  private join(g: Group, v: Map<string, number>) {
    for (const [t, w] of v) {
      if (!g.centroid.has(t)) {
        let s = this.index.get(t);
        if (!s) this.index.set(t, (s = new Set()));
        s.add(g.key);
      }
      g.centroid.set(t, (g.centroid.get(t) ?? 0) + w);
    }
    g.size++;
    g.dirty = true;
    if (g.centroid.size > KEEP * 2) {
      const kept = [...g.centroid].sort((a, b) => b[1] - a[1]).slice(0, KEEP);
      for (const t of g.centroid.keys()) this.index.get(t)?.delete(g.key);
      g.centroid = new Map(kept);
      for (const t of g.centroid.keys()) this.index.get(t)!.add(g.key);
    }
    g.norm = normOf(g.centroid);
  }

  changed(): Group[] {
    return [...this.groups.values()].filter((g) => g.dirty);
  }
}

/** A centroid as stored: its heaviest terms, heaviest first. */
export const storedCentroid = (c: Map<string, number>) =>
  JSON.stringify(
    [...c]
      .sort((a, b) => b[1] - a[1])
      .slice(0, KEEP)
      .map(([t, w]) => [t, Math.round(w * 1e4) / 1e4]),
  );
