import { useTranslation } from "react-i18next";
import { LANGUAGES, setLanguage, type Language } from "./i18n";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang">
      <span className="sr-only">{t("common.language")}</span>
      <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="language">
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {l === "it" ? "Italiano" : "English"}
          </option>
        ))}
      </select>
    </label>
  );
}
