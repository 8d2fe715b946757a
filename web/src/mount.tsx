import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./styles.css";

/** What each page's entry script does: the texts and styles every page shares, then its app in #root. */
export function mount(app: ReactNode) {
  createRoot(document.getElementById("root")!).render(<StrictMode>{app}</StrictMode>);
}
