import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { type Language, startI18n } from "./i18n";
import "./styles.css";

/** What each page's entry script does: its texts, the styles every page shares, then its app in #root. */
export function mount(app: ReactNode, texts: Record<Language, object>) {
  startI18n(texts);
  createRoot(document.getElementById("root")!).render(<StrictMode>{app}</StrictMode>);
}
