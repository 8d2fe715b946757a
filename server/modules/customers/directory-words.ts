import { stems, words } from "../search/text";

// Customers and organizations are found by the words of their names, emails and phone numbers, typed in part:
// "rom" finds "Romano", "barcentrale" finds luca@barcentrale.it and "Bar Centrale", "333 12" finds
// +39 333 1234567. Each word is kept folded (accents removed, lower case, search/text.ts) in `directory_words`,
// one row per owner, field and word, so a word typed in part is a range of an index, never a scan of customers.

export type WordField = "name" | "email" | "phone";
export type OwnerWord = { word: string; field: WordField };

/** Longer than any real word; a word beyond it is cut (the index stays small, a prefix still finds it). */
const MAX_WORD = 64;

function add(out: OwnerWord[], field: WordField, list: string[]) {
  for (const w of list) {
    const word = w.slice(0, MAX_WORD);
    if (word && !out.some((o) => o.word === word && o.field === field)) out.push({ word, field });
  }
}

/** A name's words, and all of them run together ("Bar Centrale" is also "barcentrale", as in its domain). */
function nameWords(name: string | null): string[] {
  const list = words(name ?? "");
  return list.length > 1 ? [...list, list.join("")] : list;
}

/** The digit groups of a phone number, all its digits, and the digits after a leading "+country" group. */
function phoneWords(phone: string | null): string[] {
  const groups = (phone ?? "").match(/\d+/g) ?? [];
  if (!groups.length) return [];
  const out = [...groups, groups.join("")];
  if (/^\s*(\+|00)/.test(phone ?? "") && groups.length > 1) out.push(groups.slice(1).join(""));
  return out;
}

export function customerWords(c: { name: string | null; email: string; phone: string | null }): OwnerWord[] {
  const out: OwnerWord[] = [];
  add(out, "name", nameWords(c.name));
  // The whole address (typed from its start) and its parts: "luca", "romano", "barcentrale", "it".
  add(out, "email", [c.email.toLowerCase(), ...words(c.email)]);
  add(out, "phone", phoneWords(c.phone));
  return out;
}

export function organizationWords(o: { name: string }): OwnerWord[] {
  const out: OwnerWord[] = [];
  add(out, "name", nameWords(o.name));
  return out;
}

/**
 * What each word of a query may start: the word folded, and its Italian and English stems of four letters or
 * more, as the full-text search stems ("rossi" also finds "Rosso"). A prefix that another one covers is dropped.
 * Empty when the query has no word.
 */
export function queryPrefixes(q: string): string[][] {
  const tokens = [...new Set(words(q))].slice(0, 8);
  return tokens.map((t) => {
    const all = [...new Set([t.slice(0, MAX_WORD), ...stems(t).filter((s) => s.length >= 4)])];
    return all.filter((p) => !all.some((o) => o !== p && p.startsWith(o)));
  });
}

/** The first string after every string that starts with `prefix` (in code-point order). */
export function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1)!;
  const head = prefix.slice(0, prefix.length - String.fromCodePoint(last).length);
  return head + String.fromCodePoint(last + 1);
}

/**
 * The fields of an owner that a query matched: those that hold every word of the query, or, when the words are
 * spread over several fields (a first name and an email domain), each field that holds one of them.
 */
export function matchedFields(owner: OwnerWord[], prefixes: string[][]): WordField[] {
  const fields = [...new Set(owner.map((o) => o.field))];
  const holds = (field: WordField, token: string[]) =>
    owner.some((o) => o.field === field && token.some((p) => o.word.startsWith(p)));
  const whole = fields.filter((f) => prefixes.every((t) => holds(f, t)));
  if (whole.length) return whole;
  return fields.filter((f) => prefixes.some((t) => holds(f, t)));
}

/** Whether every word of the query starts a word of the owner. */
export function matchesAll(owner: OwnerWord[], prefixes: string[][]): boolean {
  return prefixes.length > 0 && prefixes.every((t) => owner.some((o) => t.some((p) => o.word.startsWith(p))));
}
