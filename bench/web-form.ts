import type { Browser } from "playwright-core";

/**
 * Lighthouse's "Slow 4G" (the same numbers DevTools once called "Fast 3G"): 150 ms round trips times 3.75 and
 * 1.6 Mbps times 0.9 down, 750 kbps up, applied by Chromium to every request of the page.
 */
export const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};

// Runs in the page from its first byte: the time (from the navigation's start) of the first frame painted with the
// form's first field visible. A string, so the bundler's helpers do not leak into the page.
const WATCH = `(() => {
  const check = () => {
    const el = document.querySelector("form input[name=name]");
    if (el && el.getClientRects().length > 0) window.__shown = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;

/** Loads `url` in a fresh context (empty cache) on the emulated link, `loads` times: ms to the form shown, and bytes. */
export async function formShown(browser: Browser, url: string, loads = 5) {
  const times: number[] = [];
  let bytes = 0;
  let encoding = "";
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, locale: "it-IT" });
    await context.addInitScript(WATCH);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
    let received = 0;
    cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => (received += e.encodedDataLength));
    cdp.on("Network.responseReceived", (e: { response: { url: string; headers: Record<string, string> } }) => {
      if (e.response.url.endsWith(".js")) encoding = e.response.headers["content-encoding"] ?? "identity";
    });
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction("window.__shown !== undefined", null, { timeout: 30_000, polling: 50 });
    times.push((await page.evaluate("window.__shown")) as number);
    await page.waitForLoadState("networkidle");
    bytes = received;
    await context.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], times, bytes, encoding };
}
