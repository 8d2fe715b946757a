import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { ApiError, api, setCsrf } from "../api";
import { errorText } from "../errors";
import { navigate } from "../router";
import { lazyResolver } from "./resolvers";

const resolver = lazyResolver<{ email: string }>("signInLink");

/** "Email me a link": the portal's sign-in, without a password. */
export function AskLink() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<{ email: string }>({ resolver, defaultValues: { email: "" } });
  const submit = handleSubmit(async (values) => {
    try {
      await api("POST", "/api/v1/portal/sign-in-link", values);
      setSent(true);
    } catch (err) {
      setFailure(err instanceof ApiError && err.status === 429 ? errorText(t, err) : t("portal.email_invalid"));
    }
  });
  const error = errors.email ? t("portal.email_invalid") : failure;
  return (
    <form className="card narrow" onSubmit={submit} noValidate aria-labelledby="ask-title">
      <h1 id="ask-title">{t("portal.sign_in_title")}</h1>
      <p className="muted">{t("portal.sign_in_intro")}</p>
      {sent ? (
        <p className="notice" role="status">
          {t("portal.link_sent")}
        </p>
      ) : (
        <>
          <label>
            {t("auth.email")}
            <input
              type="email"
              required
              autoComplete="email"
              aria-invalid={!!error || undefined}
              {...register("email")}
            />
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary">
            {t("portal.send_link")}
          </button>
        </>
      )}
    </form>
  );
}

/** The link from an email: spends its single-use token for a session, then opens the page it was sent for. */
export function Redeem({ token, next, onDone }: { token: string; next: string | null; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  // A single-use token must be spent once, whatever re-renders happen meanwhile.
  const spent = useRef<string | null>(null);
  useEffect(() => {
    if (spent.current === token) return;
    spent.current = token;
    void (async () => {
      try {
        const r = await api<{ csrf_token: string }>("POST", "/api/v1/portal/session", { token });
        setCsrf(r.csrf_token);
        await onDone();
        navigate(next && next.startsWith("/portal/") ? next : "/portal", { replace: true });
      } catch {
        setFailed(true);
      }
    })();
  }, [token, next, onDone]);
  return failed ? (
    <div className="card narrow">
      <p className="error" role="alert">
        {t("portal.link_expired")}
      </p>
      <AskLink />
    </div>
  ) : (
    <p className="muted">{t("common.loading")}</p>
  );
}
