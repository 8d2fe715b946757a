import { marked } from "marked";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { KbArticle } from "../../../../shared/api";
import { errorText } from "../../errors";
import { linkProps, navigate, useLocation } from "../../router";
import { usePageTitle } from "../people/title";
import { categoryTree } from "./category-tree";
import { parseFromTickets, questionsBody } from "./from-tickets";
import { InsertImageButton, useImageInsertion } from "./ImageInsert";
import {
  type ArticleDraft,
  linkTickets,
  useKbArticle,
  useKbCategories,
  useSaveArticle,
  useSourceTickets,
} from "./queries";
import { LinkedTickets } from "./LinkedTickets";
import { Versions } from "./Versions";

const EMPTY: ArticleDraft = {
  title: "",
  body_markdown: "",
  language: "it",
  category_id: null,
  status: "draft",
  internal: false,
};
const PREVIEW_STYLE =
  "<style>body{font:15px/1.5 system-ui,sans-serif;margin:8px;color:#1c2430}img{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style>";

/** Writing an article: the Markdown beside its live preview, status, category, translations and versions. */
export function ArticleEditor({ id, translationOf }: { id: number | null; translationOf: number | null }) {
  const { t, i18n } = useTranslation();
  const { query } = useLocation();
  // Started from "Questions without an answer": the tickets' questions fill the body, and saving links them.
  const fromParam = query.get("from_tickets");
  const fromTickets = useMemo(() => (id ? [] : parseFromTickets(fromParam)), [id, fromParam]);
  const sources = useSourceTickets(fromTickets);
  const article = useKbArticle(id);
  const original = useKbArticle(translationOf);
  const categories = useKbCategories();
  const save = useSaveArticle(id);
  const [draft, setDraft] = useState<ArticleDraft>(EMPTY);
  const [message, setMessage] = useState<string | null>(null);
  const body = useRef<HTMLTextAreaElement>(null);
  const images = useImageInsertion(body, (f) => setDraft((d) => ({ ...d, body_markdown: f(d.body_markdown) })));
  usePageTitle(draft.title || t("kb.new"));

  useEffect(() => {
    if (article.data) setDraft(toDraft(article.data));
  }, [article.data]);
  // A new translation starts from its original: the other language, the same category.
  useEffect(() => {
    if (!id && original.data)
      setDraft({
        ...EMPTY,
        language: original.data.language === "it" ? "en" : "it",
        category_id: original.data.category_id,
        internal: original.data.internal,
        translation_of: original.data.id,
      });
  }, [id, original.data]);

  useEffect(() => {
    const tickets = sources.data;
    if (!id && tickets?.length)
      setDraft((d) =>
        d.title || d.body_markdown
          ? d
          : { ...d, title: tickets[0].subject, body_markdown: questionsBody(tickets, t("kb.from_tickets_heading")) },
      );
  }, [id, sources.data, t]);

  // The preview runs in a sandboxed frame without scripts: whatever the Markdown holds cannot act on this page.
  const preview = useMemo(
    () => PREVIEW_STYLE + marked.parse(draft.body_markdown, { async: false, gfm: true }),
    [draft.body_markdown],
  );
  const set = <K extends keyof ArticleDraft>(k: K, v: ArticleDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const other = draft.language === "it" ? "en" : "it";

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      const saved = await save.mutateAsync(draft);
      setMessage(t("kb.saved", { version: saved.version }));
      if (!id && fromTickets.length) {
        try {
          await linkTickets(saved.id, fromTickets);
          setMessage(t("kb.tickets_linked", { version: saved.version, count: fromTickets.length }));
        } catch (err) {
          setMessage(`${t("kb.saved", { version: saved.version })} ${errorText(t, err)}`);
        }
      }
      if (!id) navigate(`/knowledge/${saved.id}`, { replace: true });
    } catch (err) {
      setMessage(errorText(t, err));
    }
  };

  if (id && !article.data) return <p className="muted">{t("common.loading")}</p>;
  const a = article.data;
  return (
    <section aria-labelledby="kb-edit-title" className="kb-editor">
      <p>
        <a {...linkProps("/knowledge")}>← {t("kb.back")}</a>
      </p>
      <h1 id="kb-edit-title">{draft.title || t("kb.new")}</h1>
      {fromTickets.length > 0 && (
        <p className="notice" data-testid="kb-from-tickets">
          {sources.isError
            ? errorText(t, sources.error)
            : t("kb.from_tickets", {
                count: fromTickets.length,
                tickets: fromTickets.map((n) => `#${n}`).join(", "),
              })}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t("kb.article_title")}
          <input required value={draft.title} onChange={(e) => set("title", e.target.value)} />
        </label>
        <div className="row">
          <label>
            {t("kb.language")}
            <select value={draft.language} onChange={(e) => set("language", e.target.value as "it" | "en")}>
              <option value="it">{t("kb.languages.it")}</option>
              <option value="en">{t("kb.languages.en")}</option>
            </select>
          </label>
          <label>
            {t("kb.category")}
            <select
              value={draft.category_id ?? ""}
              onChange={(e) => set("category_id", e.target.value ? Number(e.target.value) : null)}
            >
              <option value="">{t("kb.no_category")}</option>
              {categoryTree(categories.data ?? [], i18n.language).map(({ category: c, path }) => (
                <option key={c.id} value={c.id}>
                  {path}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("kb.status")}
            <select value={draft.status} onChange={(e) => set("status", e.target.value as ArticleDraft["status"])}>
              {(["draft", "published", "archived"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`kb.statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.internal} onChange={(e) => set("internal", e.target.checked)} />
            {t("kb.internal")}
          </label>
        </div>
        <div className="kb-panes">
          <div>
            <label>
              {t("kb.body")}
              <textarea
                ref={body}
                rows={18}
                value={draft.body_markdown}
                onChange={(e) => set("body_markdown", e.target.value)}
                onPaste={images.onPaste}
                onDrop={images.onDrop}
                data-testid="kb-body"
              />
            </label>
            <div className="row">
              <InsertImageButton onFiles={(files) => void images.insert(files)} busy={images.busy} />
              <span className="muted small">{t("kb.image_hint")}</span>
              {images.status && (
                <span role="status" data-testid="kb-image-status">
                  {images.status}
                </span>
              )}
            </div>
          </div>
          <div>
            <span id="kb-preview-label">{t("kb.preview")}</span>
            <iframe
              title={t("kb.preview")}
              sandbox=""
              srcDoc={preview}
              className="kb-preview"
              data-testid="kb-preview"
            />
          </div>
        </div>
        <div className="row">
          <button className="primary" type="submit" disabled={save.isPending}>
            {t("kb.save")}
          </button>
          {message && <span role="status">{message}</span>}
          {a && a.status === "published" && !a.internal && (
            <a href={`/help/${a.language}/articles/${a.slug}`} target="_blank" rel="noopener">
              {t("kb.view_public")}
            </a>
          )}
        </div>
      </form>
      {a && (
        <>
          <h2>{t("kb.translations")}</h2>
          <ul>
            {a.translations.map((tr) => (
              <li key={tr.id}>
                <a {...linkProps(`/knowledge/${tr.id}`)}>
                  {t("kb.open_translation", { language: t(`kb.languages.${tr.language}`), title: tr.title })}
                </a>
              </li>
            ))}
            {!a.translations.some((tr) => tr.language === other) && (
              <li>
                <a {...linkProps(`/knowledge/new?translation_of=${a.translation_of ?? a.id}`)}>
                  {t("kb.translate", { language: t(`kb.languages.${other}`) })}
                </a>
              </li>
            )}
          </ul>
          <Versions id={a.id} />
          <LinkedTickets articleId={a.id} />
        </>
      )}
    </section>
  );
}

const toDraft = (a: KbArticle): ArticleDraft => ({
  title: a.title,
  body_markdown: a.body_markdown,
  language: a.language,
  category_id: a.category_id,
  status: a.status,
  internal: a.internal,
});
