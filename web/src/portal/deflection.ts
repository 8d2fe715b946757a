import type { KbSearchHit } from "../../../shared/api/kb";
import type { DeflectionKind } from "../../../shared/kb";
import { api, qs } from "../api";

// Deflection (issue 22): the help-centre articles suggested while a customer types a new request's subject. Each
// visit of the form has a random id; the server counts each kind once per visit and article. An article opened
// (in a new tab) and a form left without sending counts as deflected; a form sent counts the suggestions shown
// as "submitted anyway".

const visit = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
const shown = new Set<number>();
const opened = new Set<number>();
let submitted = false;
let watching = false;

function record(kind: DeflectionKind, ids: number[], keepalive = false) {
  if (!ids.length) return;
  api("POST", "/api/v1/public/kb/deflections", { kind, visit, article_ids: ids }, { keepalive }).catch(() => {
    // Counting is best effort: a customer's request never waits for it or fails because of it.
  });
}

export const suggestArticles = async (q: string, lang: string) =>
  (await api<{ data: KbSearchHit[] }>("GET", `/api/v1/public/kb/search${qs({ q, lang, limit: 3 })}`)).data;

export function markShown(hits: KbSearchHit[]) {
  const fresh = hits.map((h) => h.id).filter((id) => !shown.has(id));
  fresh.forEach((id) => shown.add(id));
  record("shown", fresh);
  if (!watching && typeof window !== "undefined") {
    watching = true;
    window.addEventListener("pagehide", () => {
      if (!submitted && opened.size) record("deflected", [...opened], true);
    });
  }
}

export function markOpened(id: number) {
  if (opened.has(id)) return;
  opened.add(id);
  record("opened", [id]);
}

export function markSubmitted() {
  submitted = true;
  record("submitted", [...shown]);
}
