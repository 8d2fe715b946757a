import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { MailTemplate, MailTemplateInput } from "../../../../shared/templates";
import { errorText } from "../../errors";
import { Confirm } from "../../ui";
import { useTemplateChange, useTemplatePreview } from "./queries";

export const templateKey = (t: { kind: string; language: string }) => `${t.kind}/${t.language}`;

/** `value`, once it has stayed the same for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** One template: subject and body, its placeholders to insert, a live preview, save and reset. */
export function TemplateEditor({ template, onSaved }: { template: MailTemplate; onSaved: (t: MailTemplate) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<MailTemplateInput>({ subject: template.subject, body: template.body });
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [saved, setSaved] = useState<MailTemplateInput>({ subject: template.subject, body: template.body });
  const [confirmReset, setConfirmReset] = useState(false);
  const body = useRef<HTMLTextAreaElement>(null);
  const url = `/api/v1/mail/templates/${template.kind}/${template.language}`;
  const kindLabel = t(`mail_templates.kinds.${template.kind}`);
  const languageLabel = t(`mail_templates.languages.${template.language}`);

  // The preview follows the typing, a moment after it stops (rendered by the server, keyed by the text, so an
  // older answer never replaces a newer one).
  const previewed = useSettled(draft, 250);
  const previewQuery = useTemplatePreview(url, previewed);
  const preview = previewQuery.data ?? null;
  const previewError = previewQuery.isError ? errorText(t, previewQuery.error) : null;

  const done = (r: MailTemplate, text: string) => {
    setDraft({ subject: r.subject, body: r.body });
    setSaved({ subject: r.subject, body: r.body });
    onSaved(r);
    setMsg({ ok: true, text });
  };
  const failed = (err: unknown) => setMsg({ ok: false, text: errorText(t, err) });
  const change = useTemplateChange(url);
  // A save (PUT) or a reset to the default text (DELETE): the editor then shows what the server keeps.
  const run = (draft: MailTemplateInput | null) =>
    change.mutate(draft, {
      onSuccess: (r) => done(r, draft ? t("mail_templates.saved") : t("mail_templates.reset_done")),
      onError: failed,
    });

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

  function save(e: React.FormEvent) {
    e.preventDefault();
    run(draft);
  }
  const reset = () => setConfirmReset(true);

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
      {confirmReset && (
        <Confirm
          title={t("mail_templates.reset_confirm")}
          confirmLabel={t("mail_templates.reset")}
          onCancel={() => setConfirmReset(false)}
          onConfirm={() => {
            setConfirmReset(false);
            run(null);
          }}
        />
      )}
    </div>
  );
}
