import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ZWebFormRequest } from "../../../shared/schemas";
import { api } from "../api";
import { errorText } from "../errors";
import { LanguageSwitch } from "../LanguageSwitch";

const MAX_BYTES = 2 * 1024 * 1024;

const toBase64 = (f: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(",")[1] ?? "");
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });

/** The public "new request" form: in the portal, and alone at /form for an iframe or the script-tag embed. */
export function WebForm({ embedded = false }: { embedded?: boolean }) {
  const { t, i18n } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<{ number: number; portal_url: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  // Embedded, tell the page around the iframe how tall the form is. The form's own height, not the document's:
  // a document is never shorter than its frame, so the frame could grow but never shrink to the confirmation.
  useEffect(() => {
    const el = ref.current;
    if (!embedded || !el) return;
    const post = () =>
      parent.postMessage({ sportello: "height", height: Math.ceil(el.getBoundingClientRect().height) }, "*");
    const ro = new ResizeObserver(post);
    ro.observe(el);
    return () => ro.disconnect();
  }, [embedded]);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const chosen = (f.getAll("files") as File[]).filter((x) => x.size > 0);
    if (chosen.reduce((n, x) => n + x.size, 0) > MAX_BYTES) return setErrors({ files: t("form.too_big") });
    const input = {
      name: String(f.get("name") ?? "") || undefined,
      email: String(f.get("email") ?? ""),
      subject: String(f.get("subject") ?? ""),
      body_text: String(f.get("body_text") ?? ""),
      language: i18n.language === "en" ? "en" : "it",
      files: await Promise.all(
        chosen.map(async (x) => ({
          filename: x.name,
          content_type: x.type || "application/octet-stream",
          data: await toBase64(x),
        })),
      ),
    };
    // The same schema the server validates with: the person sees what is missing before sending.
    const parsed = ZWebFormRequest.safeParse(input);
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), t(`form.invalid.${String(i.path[0])}`)])),
      );
      return;
    }
    setErrors({});
    setBusy(true);
    setFailure(null);
    try {
      setDone(await api("POST", "/api/v1/public/requests", parsed.data));
    } catch (err) {
      setFailure(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: string, control: React.ReactNode) => (
    <label>
      {t(`form.${name}`)}
      {control}
      {errors[name] && (
        <span className="error" id={`${name}-error`} role="alert">
          {errors[name]}
        </span>
      )}
    </label>
  );
  const aria = (name: string) => ({
    "aria-invalid": !!errors[name] || undefined,
    "aria-describedby": errors[name] ? `${name}-error` : undefined,
  });

  return (
    <div ref={ref} className={embedded ? "embedded" : undefined}>
      {done ? (
        <div className="card narrow confirmation" role="status" data-testid="confirmation">
          <h1>{t("form.thanks")}</h1>
          <p>{t("form.number", { number: done.number })}</p>
          <p>
            {t("form.follow")}{" "}
            <a href={done.portal_url} target={embedded ? "_top" : undefined}>
              {done.portal_url}
            </a>
          </p>
          <p className="muted small">{t("form.email_sent")}</p>
        </div>
      ) : (
        <form className="card narrow" onSubmit={submit} noValidate aria-labelledby="form-title">
          <div className="row space">
            <h1 id="form-title">{t("form.title")}</h1>
            {embedded && <LanguageSwitch />}
          </div>
          <p className="muted">{t("form.intro")}</p>
          {field("name", <input name="name" autoComplete="name" {...aria("name")} />)}
          {field("email", <input name="email" type="email" autoComplete="email" required {...aria("email")} />)}
          {field("subject", <input name="subject" required {...aria("subject")} />)}
          {field("body_text", <textarea name="body_text" rows={6} required {...aria("body_text")} />)}
          {field("files", <input name="files" type="file" multiple {...aria("files")} />)}
          {failure && (
            <p className="error" role="alert">
              {failure}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {t("form.submit")}
          </button>
        </form>
      )}
    </div>
  );
}

export function EmbeddedForm() {
  return <WebForm embedded />;
}
