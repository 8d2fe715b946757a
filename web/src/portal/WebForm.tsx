import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import { errorText } from "../errors";
import { LanguageSwitch } from "../LanguageSwitch";
import { markSubmitted } from "./deflection";
import { lazyResolver, preloadSchemas } from "./resolvers";
import { Suggestions } from "./Suggestions";

const MAX_BYTES = 2 * 1024 * 1024;
type Field = "name" | "email" | "subject" | "body_text" | "files";
type Fields = { name: string; email: string; subject: string; body_text: string; files?: FileList };
const resolver = lazyResolver<Fields>("webForm");

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
  const [done, setDone] = useState<{ number: number; portal_url: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  // The same schema the server validates with: the person sees what is missing before sending. No default
  // values: the fields start with what the page holds, so what a person typed in the page the build wrote
  // (prerender.tsx) before its scripts arrived is kept when they take it over.
  const {
    register,
    handleSubmit,
    watch,
    getValues,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Fields>({
    resolver,
    // A message stays until the next try: the frame around an embedded form does not jump while one types.
    reValidateMode: "onSubmit",
  });
  // Sending waits for the scripts: before, the browser would send the form by itself, as a plain page request.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    setReady(true);
    void preloadSchemas();
  }, []);

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

  const submit = handleSubmit(async (values) => {
    // The files from the form itself: the schema's output keeps only the fields it knows.
    const chosen = Array.from(getValues("files") ?? []).filter((x) => x.size > 0);
    // Files are checked here: the schema's are base64 text, made only when they are sent.
    if (chosen.length > 3) return setError("files", { message: t("form.invalid.files") });
    if (chosen.reduce((n, x) => n + x.size, 0) > MAX_BYTES) return setError("files", { message: t("form.too_big") });
    setFailure(null);
    try {
      const files = await Promise.all(
        chosen.map(async (x) => ({
          filename: x.name,
          content_type: x.type || "application/octet-stream",
          data: await toBase64(x),
        })),
      );
      const created = await api<{ number: number; portal_url: string }>("POST", "/api/v1/public/requests", {
        ...values,
        name: values.name || undefined,
        language: i18n.language === "en" ? "en" : "it",
        files,
      });
      markSubmitted();
      setDone(created);
    } catch (err) {
      setFailure(errorText(t, err));
    }
  });

  /** A field's error in the page's language: the schema says which field is wrong, the texts say how. */
  const errorOf = (name: Field) =>
    errors[name] && (errors[name].type === "custom" ? errors[name].message : t(`form.invalid.${name}`));
  const field = (name: Field, control: React.ReactNode) => (
    <label>
      {t(`form.${name}`)}
      {control}
      {errors[name] && (
        <span className="error" id={`${name}-error`} role="alert">
          {errorOf(name)}
        </span>
      )}
    </label>
  );
  const aria = (name: Field) => ({
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
          {field("name", <input autoComplete="name" {...aria("name")} {...register("name")} />)}
          {field(
            "email",
            <input type="email" autoComplete="email" required {...aria("email")} {...register("email")} />,
          )}
          {field("subject", <input required {...aria("subject")} {...register("subject")} />)}
          <Suggestions subject={watch("subject") ?? ""} />
          {field("body_text", <textarea rows={6} required {...aria("body_text")} {...register("body_text")} />)}
          {field("files", <input type="file" multiple {...aria("files")} {...register("files")} />)}
          {failure && (
            <p className="error" role="alert">
              {failure}
            </p>
          )}
          <button type="submit" className="primary" disabled={!ready || isSubmitting}>
            {t("form.submit")}
          </button>
        </form>
      )}
    </div>
  );
}

export function EmbeddedForm() {
  // Alone on its page (/form, in another site's frame): the form is the page's main content.
  return (
    <main>
      <WebForm embedded />
    </main>
  );
}
