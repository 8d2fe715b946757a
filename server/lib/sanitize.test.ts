import { describe, expect, it } from "vitest";
import { sanitizeHtml } from "./sanitize";

describe("sanitizeHtml", () => {
  it("keeps the rel and target it adds to links, over the sender's own", () => {
    const out = sanitizeHtml(`<a href="https://example.com/x" rel="opener" target="_self">x</a>`);
    expect(out).toContain(`rel="noopener noreferrer nofollow"`);
    expect(out).toContain(`target="_blank"`);
    expect(out).not.toContain(`rel="opener"`);
  });

  it("keeps only http and https addresses in data-remote-src", () => {
    expect(sanitizeHtml(`<img data-remote-src="javascript:alert(1)">`)).not.toContain("javascript");
    expect(sanitizeHtml(`<img data-remote-src="data:text/html,<script>x</script>">`)).not.toContain("data:");
    expect(sanitizeHtml(`<img src="x" data-remote-src="vbscript:x">`)).not.toContain("vbscript");
    expect(sanitizeHtml(`<img data-remote-src="https://cdn.example.com/a.png">`)).toContain(
      `data-remote-src="https://cdn.example.com/a.png"`,
    );
    // A remote src is moved to data-remote-src as before.
    const moved = sanitizeHtml(`<img src="http://t.example.com/p.gif">`);
    expect(moved).toContain(`data-remote-src="http://t.example.com/p.gif"`);
    expect(moved).not.toMatch(/ src="http/);
  });
});
