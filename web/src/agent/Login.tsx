import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { ZLogin } from "../../../shared/schemas";
import { LanguageSwitch } from "../LanguageSwitch";
import { FieldMessage, FormError } from "../ui";
import { ForgotPassword } from "./PasswordReset";
import { useLogin } from "./queries";

/** The agent's sign-in, checked with the API's own rule (ZLogin). */
export function Login({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const login = useLogin(onDone);
  const form = useForm({ resolver: zodResolver(ZLogin), defaultValues: { email: "", password: "" } });
  const { errors } = form.formState;
  const [forgot, setForgot] = useState(false);
  if (forgot) return <ForgotPassword onBack={() => setForgot(false)} />;
  return (
    <main className="center-page">
      <form
        className="card narrow"
        noValidate
        onSubmit={form.handleSubmit((v) => login.mutate(v))}
        aria-labelledby="login-title"
      >
        <div className="row space">
          <h1 id="login-title">Sportello</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t("auth.intro")}</p>
        <label>
          {t("auth.email")}
          <input
            type="email"
            autoComplete="username"
            autoFocus
            aria-invalid={!!errors.email}
            aria-describedby={errors.email ? "login-email-error" : undefined}
            {...form.register("email")}
          />
        </label>
        <FieldMessage id="login-email-error" error={errors.email} field={t("auth.email")} />
        <label>
          {t("auth.password")}
          <input
            type="password"
            autoComplete="current-password"
            aria-invalid={!!errors.password}
            aria-describedby={errors.password ? "login-password-error" : undefined}
            {...form.register("password")}
          />
        </label>
        <FieldMessage id="login-password-error" error={errors.password} field={t("auth.password")} />
        <FormError error={login.error} />
        <button type="submit" className="primary" disabled={login.isPending}>
          {t("auth.login")}
        </button>
        <button type="button" className="link small" onClick={() => setForgot(true)} data-testid="forgot">
          {t("reset.forgot")}
        </button>
        <p className="muted small">
          <a href="/portal">{t("auth.customer_hint")}</a>
        </p>
      </form>
    </main>
  );
}
