import { describe, expect, it } from "vitest";
import { articleText, gapBefore } from "./article-text";

describe("an article's text for a reply", () => {
  it("keeps paragraphs and lists, drops marks, writes a link's address", () => {
    const md =
      "## Steps\n\nDescale every **200 coffees** or when the *orange* light blinks.\n\n1. Empty the tank.\n2. Hold `short` and *long coffee*.\n\n> See [the guide](https://x.test/g) ![pic](/a.png)";
    expect(articleText(md)).toBe(
      "Steps\n\nDescale every 200 coffees or when the orange light blinks.\n\n1. Empty the tank.\n2. Hold short and long coffee.\n\nSee the guide (https://x.test/g)",
    );
  });

  it("writes a table's rows as lines", () => {
    expect(articleText("| Order | Cost |\n| --- | --- |\n| up to €49 | €6.90 |")).toBe(
      "Order – Cost\nup to €49 – €6.90",
    );
  });

  it("leaves snake_case and lone stars alone", () => {
    expect(articleText("Use file_name_here and 2 * 3")).toBe("Use file_name_here and 2 * 3");
  });
});

describe("what parts an insertion from the text before it", () => {
  it("adds a space before a link and an empty line before a text, nothing at the start", () => {
    expect([gapBefore("", false), gapBefore("", true)]).toEqual(["", ""]);
    expect([gapBefore("Here:", false), gapBefore("Here: ", false)]).toEqual([" ", ""]);
    expect([gapBefore("Hello", true), gapBefore("Hello\n", true), gapBefore("Hello\n\n", true)]).toEqual([
      "\n\n",
      "\n",
      "",
    ]);
  });
});
