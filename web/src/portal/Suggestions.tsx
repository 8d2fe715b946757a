import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { KbSearchHit } from "../../../shared/api/kb";
import { markOpened, markShown, suggestArticles } from "./deflection";

/** Help-centre articles matching the subject being typed (after a pause), opened in a new tab. */
export function Suggestions({ subject }: { subject: string }) {
  const { t, i18n } = useTranslation();
  const [hits, setHits] = useState<KbSearchHit[]>([]);
  const q = subject.trim();
  useEffect(() => {
    if (q.length < 4) return setHits([]);
    let live = true;
    const timer = setTimeout(() => {
      suggestArticles(q, i18n.language === "en" ? "en" : "it")
        .then((found) => {
          if (!live) return;
          setHits(found);
          markShown(found);
        })
        .catch(() => live && setHits([]));
    }, 350);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, i18n.language]);
  if (!hits.length) return null;
  return (
    <div className="suggestions" role="region" aria-live="polite" aria-label={t("form.suggest_title")}>
      <p>{t("form.suggest_title")}</p>
      <ul>
        {hits.map((h) => (
          <li key={h.id}>
            <a href={h.url} target="_blank" rel="noopener" onClick={() => markOpened(h.id)}>
              {h.title}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
