import { useEffect, useState } from "react";

/**
 * False on a component's first render, true once the browser has painted it and is idle (at the latest `timeout`
 * ms on): a page renders what the person came for first and the panels beside it a moment later, instead of
 * making the first paint wait for all of it.
 */
export function useAfterPaint(timeout = 150): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!window.requestIdleCallback) {
      const id = window.setTimeout(() => setReady(true), 0);
      return () => window.clearTimeout(id);
    }
    const id = window.requestIdleCallback(() => setReady(true), { timeout });
    return () => window.cancelIdleCallback(id);
  }, [timeout]);
  return ready;
}
