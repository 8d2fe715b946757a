// An article's Markdown as plain text for a reply: paragraphs and list items kept, marks removed, a link's
// address written after its words (an email reply is plain text; the customer must still reach the address).

export function articleText(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, "\n")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, (_m, text: string, href: string) =>
      text && text !== href ? `${text} (${href})` : href,
    )
    .split("\n")
    .flatMap((line) => {
      // A table's separator row goes; its other rows keep their cells, separated by a dash.
      if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) return [];
      if (/^\s*\|.*\|\s*$/.test(line))
        return [
          line
            .trim()
            .replace(/^\||\|$/g, "")
            .split("|")
            .map((c) => c.trim())
            .join(" – "),
        ];
      return [line.replace(/^\s{0,3}#{1,6}\s+/, "").replace(/^\s{0,3}>\s?/, "")];
    })
    .join("\n")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, "$1$2")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** What parts an insertion from what is before it: nothing at the start, a space before a link, an empty line
 * before a text. */
export function gapBefore(before: string, block: boolean): string {
  if (before === "" || before.endsWith("\n\n")) return "";
  if (block) return before.endsWith("\n") ? "\n" : "\n\n";
  return /\s$/.test(before) ? "" : " ";
}
