import { type ComponentType, lazy } from "react";

/**
 * A page fetched the first time it is needed, like React.lazy, with two differences: `preload()` fetches it
 * ahead, and once fetched it renders at once instead of suspending. A page that suspends is revealed by React
 * no sooner than 300 ms after its fallback showed (React 19 batches the reveal of suspended content): opening a
 * ticket from the inbox took 430 ms at any size of database, 300 of them waiting for that (bench/web-flows.ts).
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
  const Suspending = lazy(() => fetchPage().then((c) => ({ default: c })));
  function Page(props: P) {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Suspending {...props} />;
  }
  Page.preload = () => void fetchPage().catch(() => {});
  return Page;
}
