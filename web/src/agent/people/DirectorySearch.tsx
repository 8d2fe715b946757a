import { useEffect, useId, useState } from "react";
import { navigate } from "../../router";

/**
 * The search box of a directory: what is typed goes into the address (`?q=`, so a reload or a shared link shows
 * the same list) a moment after the last key.
 */
export function DirectorySearch({ path, q, label }: { path: string; q: string; label: string }) {
  const id = useId();
  const [text, setText] = useState(q);
  useEffect(() => {
    if (text.trim() === q) return;
    const timer = setTimeout(() => {
      const next = text.trim();
      navigate(next ? `${path}?q=${encodeURIComponent(next)}` : path, { replace: true });
    }, 200);
    return () => clearTimeout(timer);
  }, [text, q, path]);
  return (
    <form className="directory-search" role="search" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
    </form>
  );
}
