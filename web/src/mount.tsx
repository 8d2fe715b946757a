import { StrictMode, type ReactNode } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import i18next from "i18next";
import { type Language, startI18n } from "./i18n";
import "./styles.css";

/**
 * What each page's entry script does: its texts, the styles every page shares, then its app in #root. A page the
 * build wrote as HTML already (the web form) is taken over as it is when it is in the language chosen here, and
 * drawn anew otherwise (a language kept from an earlier switch that the server could not know).
 */
export function mount(app: ReactNode, texts: Record<Language, object>) {
  startI18n(texts);
  const root = document.getElementById("root")!;
  const tree = <StrictMode>{app}</StrictMode>;
  if (root.dataset.prerendered && root.dataset.prerendered === i18next.language) hydrateRoot(root, tree);
  else createRoot(root).render(tree);
}
