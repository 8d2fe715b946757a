import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, setCsrf } from "../api";
import { errorText } from "../errors";
import { LanguageSwitch } from "../LanguageSwitch";

export function Login({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ csrf_token: string }>("POST", "/api/v1/auth/login", {
        email: f.get("email"),
        password: f.get("password"),
      });
      setCsrf(r.csrf_token);
      onDone();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="center-page">
      <form className="card narrow" onSubmit={submit} aria-labelledby="login-title">
        <div className="row space">
          <h1 id="login-title">Sportello</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t("auth.intro")}</p>
        <label>
          {t("auth.email")}
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          {t("auth.password")}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t("auth.login")}
        </button>
        <p className="muted small">
          <a href="/portal">{t("auth.customer_hint")}</a>
        </p>
      </form>
    </div>
  );
}
