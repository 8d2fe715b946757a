import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MailTemplate, MailTemplateInput } from "../../../shared/templates";
import { api, get } from "../api";
import { errorText } from "../errors";

// Email templates: every kind in both languages, an editor with a live preview rendered by the server (the
// same code that renders the real emails), save and reset to the default text.

const key = (t: { kind: string; language: string }) => `${t.kind}/${t.language}`;

export function Templates() {
  const { t } = useTranslation();
  const [list, setList] = useState<MailTemplate[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      get<{ data: MailTemplate[] }>("/api/v1/mail/templates")
        .then((r) => setList(r.data))
        .catch((e) => setError(errorText(t, e))),
    [t],
  );
  useEffect(() => void reload(), [reload]);
  const current = list?.find((x) => key(x) === chosen) ?? null;

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("mail_templates.title")}</h1>
      <p className="muted">{t("mail_templates.intro")}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {list === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("mail_templates.kind")}</th>
                <th scope="col">{t("mail_templates.language")}</th>
                <th scope="col">{t("mail_templates.state")}</th>
                <th>
                  <span className="sr-only">{t("admin.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={key(x)} aria-current={key(x) === chosen ? "true" : undefined}>
                  <td>{t(`mail_templates.kinds.${x.kind}`)}</td>
                  <td>{t(`mail_templates.languages.${x.language}`)}</td>
                  <td>{x.is_default ? t("mail_templates.default") : t("mail_templates.edited")}</td>
                  <td>
                    <button
                      className="link"
                      onClick={() => setChosen(key(x))}
                      aria-label={t("mail_templates.edit_label", {
                        kind: t(`mail_templates.kinds.${x.kind}`),
                        language: t(`mail_templates.languages.${x.language}`),
                      })}
                    >
                      {t("mail_templates.edit")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">{t("mail_templates.auto_note")}</p>
      {current && (
        <Editor
          key={key(current)}
          template={current}
          onSaved={(saved) => setList((l) => l && l.map((x) => (key(x) === key(saved) ? saved : x)))}
        />
      )}
    </section>
  );
}

function Editor({ template, onSaved }: { template: MailTemplate; onSaved: (t: MailTemplate) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<MailTemplateInput>({ subject: template.subject, body: template.body });
  const [preview, setPreview] = useState<MailTemplateInput | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [saved, setSaved] = useState<MailTemplateInput>({ subject: template.subject, body: template.body });
  const body = useRef<HTMLTextAreaElement>(null);
  const url = `/api/v1/mail/templates/${template.kind}/${template.language}`;
  const kindLabel = t(`mail_templates.kinds.${template.kind}`);
  const languageLabel = t(`mail_templates.languages.${template.language}`);

  // The preview follows the typing, a moment after it stops; an older answer never replaces a newer one.
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    const timer = setTimeout(() => {
      api<MailTemplateInput>("POST", `${url}/preview`, draft)
        .then((p) => n === seq.current && (setPreview(p), setPreviewError(null)))
        .catch((e) => n === seq.current && setPreviewError(errorText(t, e)));
    }, 250);
    return () => clearTimeout(timer);
  }, [draft, url, t]);

  function insert(name: string) {
    const el = body.current;
    const token = `{{${name}}}`;
    const at = el ? el.selectionStart : draft.body.length;
    const end = el ? el.selectionEnd : at;
    setDraft((d) => ({ ...d, body: d.body.slice(0, at) + token + d.body.slice(end) }));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    try {
      const r = await api<MailTemplate>("PUT", url, draft);
      setSaved({ subject: r.subject, body: r.body });
      onSaved(r);
      setMsg({ ok: true, text: t("mail_templates.saved") });
    } catch (err) {
      setMsg({ ok: false, text: errorText(t, err) });
    }
  }

  async function reset() {
    if (!window.confirm(t("mail_templates.reset_confirm"))) return;
    try {
      const r = await api<MailTemplate>("DELETE", url);
      setDraft({ subject: r.subject, body: r.body });
      setSaved({ subject: r.subject, body: r.body });
      onSaved(r);
      setMsg({ ok: true, text: t("mail_templates.reset_done") });
    } catch (err) {
      setMsg({ ok: false, text: errorText(t, err) });
    }
  }

  const dirty = draft.subject !== saved.subject || draft.body !== saved.body;
  return (
    <div className="card" data-testid="template-editor">
      <h2>{t("mail_templates.editing", { kind: kindLabel, language: languageLabel })}</h2>
      <form className="admin-form" onSubmit={save}>
        <label>
          {t("mail_templates.subject")}
          <input
            name="subject"
            value={draft.subject}
            required
            onChange={(e) => {
              setDraft({ ...draft, subject: e.target.value });
              setMsg(null);
            }}
          />
        </label>
        <label>
          {t("mail_templates.body")}
          <textarea
            name="body"
            ref={body}
            rows={12}
            value={draft.body}
            required
            onChange={(e) => {
              setDraft({ ...draft, body: e.target.value });
              setMsg(null);
            }}
          />
        </label>
        <fieldset>
          <legend>{t("mail_templates.placeholders")}</legend>
          <ul className="plain">
            {template.placeholders.map((p) => (
              <li key={p}>
                <button type="button" className="link" onClick={() => insert(p)}>
                  <code>{`{{${p}}}`}</code>
                </button>{" "}
                <span className="muted">{t(`mail_templates.hints.${p}`)}</span>
              </li>
            ))}
          </ul>
        </fieldset>
        {msg && (
          <p className={msg.ok ? "notice" : "error"} role={msg.ok ? "status" : "alert"}>
            {msg.text}
          </p>
        )}
        {dirty && !msg && <p className="muted">{t("mail_templates.unsaved")}</p>}
        <div className="row">
          <button type="submit" className="primary">
            {t("mail_templates.save")}
          </button>
          {!template.is_default && (
            <button type="button" onClick={reset}>
              {t("mail_templates.reset")}
            </button>
          )}
        </div>
      </form>
      <section aria-labelledby="preview-title" className="card" aria-live="polite">
        <h3 id="preview-title">{t("mail_templates.preview")}</h3>
        {previewError ? (
          <p className="error" data-testid="preview-error">
            {previewError}
          </p>
        ) : (
          preview && (
            <div data-testid="preview">
              <p>
                <strong>{t("mail_templates.subject")}:</strong>{" "}
                <span data-testid="preview-subject">{preview.subject}</span>
              </p>
              <pre data-testid="preview-body" style={{ whiteSpace: "pre-wrap", fontFamily: "inherit", margin: 0 }}>
                {preview.body}
              </pre>
            </div>
          )
        )}
      </section>
    </div>
  );
}
