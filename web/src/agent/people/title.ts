import { useEffect } from "react";

/** The browser tab's title while a page is shown: its own name first, then the product's. */
export function usePageTitle(title: string | null | undefined) {
  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = `${title} · Sportello`;
    return () => {
      document.title = before;
    };
  }, [title]);
}
