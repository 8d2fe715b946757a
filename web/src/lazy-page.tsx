import { type ComponentType, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A page fetched the first time it is needed, like React.lazy, with two differences: `preload()` fetches it
 * ahead, and it never suspends: until its script is here it shows "Loading…" and then renders itself. React
 * reveals suspended content no sooner than 300 ms after a fallback showed (React 19 batches those reveals):
 * opening a ticket from the inbox took 430 ms at any size of database, 300 of them waiting for that, and a cold
 * start whose inbox script came a moment after the agent's profile waited the same (bench/web-flows.ts).
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const fetchPage = () =>
    (loading ??= load().then(
      (c) => (loaded = c),
      (err: unknown) => {
        loading = null; // a failed fetch (offline) is tried again the next time
        throw err;
      },
    ));
  function Page(props: P) {
    const { t } = useTranslation();
    const [, setArrived] = useState(false);
    const [failed, setFailed] = useState<unknown>(null);
    useEffect(() => {
      if (!loaded) fetchPage().then(() => setArrived(true), setFailed);
    }, []);
    if (failed) throw failed; // to the nearest error boundary, as React.lazy would
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <p className="muted">{t("common.loading")}</p>;
  }
  Page.preload = () => void fetchPage().catch(() => {});
  return Page;
}
