import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { ZPasswordReset, ZPasswordResetConfirm } from "../../../shared/schemas";
import { api } from "../api";
import { LanguageSwitch } from "../LanguageSwitch";
import { linkProps, navigate } from "../router";
import { FieldMessage, FormError } from "../ui";

/** "Forgot your password?": the address, then the same answer whether or not it is an agent's. */
export function ForgotPassword({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm({ resolver: zodResolver(ZPasswordReset), defaultValues: { email: "" } });
  const { errors } = form.formState;
  return (
    <div className="center-page">
      <form
        className="card narrow"
        noValidate
        aria-labelledby="forgot-title"
        onSubmit={form.handleSubmit(async (v) => {
          setError(null);
          try {
            await api("POST", "/api/v1/auth/password-reset", v);
            setSent(true);
          } catch (e) {
            setError(e);
          }
        })}
      >
        <div className="row space">
          <h1 id="forgot-title">{t("reset.title")}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t("reset.intro")}</p>
        <label>
          {t("auth.email")}
          <input type="email" autoComplete="username" autoFocus {...form.register("email")} />
        </label>
        <FieldMessage id="forgot-email-error" error={errors.email} field={t("auth.email")} />
        <FormError error={error} />
        {sent && (
          <p className="notice" role="status" data-testid="reset-sent">
            {t("reset.sent")}
          </p>
        )}
        <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
          {t("reset.send")}
        </button>
        <button type="button" className="link" onClick={onBack}>
          {t("reset.back")}
        </button>
      </form>
    </div>
  );
}

/** /reset-password?token=…: the new password, checked by the server's zxcvbn rule, then back to sign in. */
export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    resolver: zodResolver(ZPasswordResetConfirm),
    defaultValues: { token, password: "" },
  });
  const { errors } = form.formState;
  return (
    <main className="center-page">
      <form
        className="card narrow"
        noValidate
        aria-labelledby="reset-title"
        onSubmit={form.handleSubmit(async (v) => {
          setError(null);
          try {
            await api("POST", "/api/v1/auth/password-reset/confirm", v);
            setDone(true);
          } catch (e) {
            setError(e);
          }
        })}
      >
        <div className="row space">
          <h1 id="reset-title">{t("reset.new_title")}</h1>
          <LanguageSwitch />
        </div>
        {!token && <p className="error">{t("reset.missing")}</p>}
        {done ? (
          <>
            <p className="notice" role="status" data-testid="reset-done">
              {t("reset.done")}
            </p>
            <a className="button-link" {...linkProps("/")} onClick={() => navigate("/", { replace: true })}>
              {t("reset.back")}
            </a>
          </>
        ) : (
          <>
            <label>
              {t("reset.new_password")}
              <input type="password" autoComplete="new-password" autoFocus {...form.register("password")} />
            </label>
            <FieldMessage id="reset-password-error" error={errors.password} field={t("reset.new_password")} min={10} />
            <FormError error={error} />
            <button type="submit" className="primary" disabled={!token || form.formState.isSubmitting}>
              {t("reset.save")}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
