import i18next from "i18next";
import { renderToString } from "react-dom/server";
import { initReactI18next } from "react-i18next";
import type { Language } from "../i18n";
import { portalTexts } from "../locales/portal";
import { NewRequestPage } from "./NewRequestPage";
import { EmbeddedForm } from "./WebForm";

// Run by the build (web/vite.config.ts), in Node: the web form's pages as HTML in each language, so that a person
// on a slow link sees the form as soon as the page arrives, before its scripts; the scripts then take it over
// (form-main.tsx hydrates it) without drawing it again.
export const FORM_PAGES = { form: <EmbeddedForm />, new: <NewRequestPage /> };

export async function prerender(page: keyof typeof FORM_PAGES, lang: Language): Promise<string> {
  if (!i18next.isInitialized)
    await i18next.use(initReactI18next).init({
      resources: { it: { translation: portalTexts.it }, en: { translation: portalTexts.en } },
      lng: lang,
      fallbackLng: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  await i18next.changeLanguage(lang);
  return renderToString(FORM_PAGES[page]);
}
