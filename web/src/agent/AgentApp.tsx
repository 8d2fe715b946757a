import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, get, setCsrf } from "../api";
import { LanguageSwitch } from "../LanguageSwitch";
import { agentSocket, usePush } from "../realtime";
import { linkProps, match, navigate, useLocation } from "../router";
import { Admin } from "./Admin";
import { Calendars } from "./Calendars";
import { Inbox, VIEWS, type ViewName } from "./Inbox";
import { Login } from "./Login";
import { Search } from "./Search";
import { SlaAlerts } from "./SlaAlerts";
import { TicketPage } from "./TicketPage";

export interface Me {
  id: number;
  name: string;
  email: string;
  role: "admin" | "supervisor" | "agent";
  available: boolean;
  teams: { id: number; name: string }[];
  csrf_token: string | null;
}

export type Counts = Record<(typeof VIEWS)[number], number>;

export function AgentApp() {
  const { t } = useTranslation();
  const [me, setMe] = useState<Me | null | "loading">("loading");
  const [counts, setCounts] = useState<Counts | null>(null);
  const [help, setHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const { path, query } = useLocation();

  const load = useCallback(async () => {
    try {
      const m = await get<Me>("/api/v1/me");
      setCsrf(m.csrf_token);
      setMe(m);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else throw e;
    }
  }, []);
  useEffect(() => void load(), [load]);

  const refreshCounts = useCallback(
    () =>
      get<Counts>("/api/v1/tickets/counts")
        .then(setCounts)
        .catch(() => {}),
    [],
  );
  useEffect(() => {
    if (!me || me === "loading") return;
    agentSocket.open();
    void refreshCounts();
    return () => agentSocket.close();
  }, [me, refreshCounts]);
  usePush(agentSocket, (m) => {
    if (m.type === "ticket.created" || m.type === "ticket.updated") void refreshCounts();
  });

  // Keyboard: "/" search and "?" help everywhere; the pages listen for the rest (j, k, r, n, a).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest("input, textarea, select, [contenteditable]") || e.metaKey || e.ctrlKey || e.altKey) {
        if (e.key === "Escape") (target as HTMLElement).blur();
        return;
      }
      if (e.key === "/") {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === "?") setHelp((h) => !h);
      else if (e.key === "Escape") setHelp(false);
      else if (["j", "k", "r", "n", "a", "o", "Enter"].includes(e.key))
        window.dispatchEvent(new CustomEvent("sportello:key", { detail: e.key }));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (me === "loading") return <div className="center muted">{t("common.loading")}</div>;
  if (!me) return <Login onDone={load} />;

  const ticket = match("/tickets/:number", path);
  const view = match("/views/:view", path);
  const admin = match("/admin/:section", path);
  const current: ViewName | null = view ? (view.view as ViewName) : path === "/" ? "next_up" : null;

  async function logout() {
    await api("POST", "/api/v1/auth/logout");
    setCsrf(null);
    setMe(null);
    navigate("/");
  }

  return (
    <div className="app">
      <header className="topbar">
        {/* The first stop of the keyboard: past the search, the sidebar's views and admin pages, to the page itself. */}
        <a
          className="skip-link"
          href="#main"
          onClick={(e) => {
            e.preventDefault();
            document.getElementById("main")?.focus();
          }}
        >
          {t("a11y.skip")}
        </a>
        <a className="brand" {...linkProps("/")}>
          Sportello
        </a>
        <form
          className="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            const q = searchRef.current?.value.trim();
            if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
          }}
        >
          <label className="sr-only" htmlFor="global-search">
            {t("search.label")}
          </label>
          <input
            id="global-search"
            ref={searchRef}
            type="search"
            placeholder={t("search.placeholder")}
            defaultValue={query.get("q") ?? ""}
          />
        </form>
        <div className="topbar-right">
          <SlaAlerts me={me} />
          <LanguageSwitch />
          <label className="check availability">
            <input
              type="checkbox"
              checked={me.available}
              onChange={async (e) => {
                const r = await api<{ available: boolean }>("PATCH", "/api/v1/me", { available: e.target.checked });
                setMe({ ...me, available: r.available });
              }}
            />
            {me.available ? t("availability.available") : t("availability.away")}
          </label>
          <span className="muted" data-testid="me">
            {me.name}
          </span>
          <button className="link" onClick={logout}>
            {t("auth.logout")}
          </button>
        </div>
      </header>
      <nav className="sidebar" aria-label={t("nav.views")}>
        <ul>
          <li>
            <a
              {...linkProps("/views/next_up")}
              aria-current={current === "next_up" ? "page" : undefined}
              data-view="next_up"
            >
              <span>{t("views.next_up")}</span>
            </a>
          </li>
          {VIEWS.map((v) => (
            <li key={v}>
              <a {...linkProps(`/views/${v}`)} aria-current={current === v ? "page" : undefined} data-view={v}>
                <span>{t(`views.${v}`)}</span>
                <span className="count" data-testid={`count-${v}`}>
                  {counts ? counts[v].toLocaleString() : "…"}
                </span>
              </a>
            </li>
          ))}
        </ul>
        {me.role !== "agent" && (
          <>
            <h2 className="nav-heading">{t("nav.admin")}</h2>
            <ul>
              {(
                [
                  "fairness",
                  "approvals",
                  "agents",
                  "teams",
                  "organizations",
                  "plans",
                  "calendars",
                  "escalation",
                  "mailboxes",
                  "templates",
                  "outbox",
                  "tokens",
                  "webhooks",
                  "workspace",
                ] as const
              ).map((s) => (
                <li key={s}>
                  <a {...linkProps(`/admin/${s}`)} aria-current={admin?.section === s ? "page" : undefined}>
                    {t(`admin.${s}.title`)}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
        {me.role === "agent" && (
          <ul>
            <li>
              <a {...linkProps("/admin/tokens")}>{t("admin.tokens.title")}</a>
            </li>
          </ul>
        )}
        <button className="link help-link" onClick={() => setHelp(true)}>
          {t("shortcuts.open")}
        </button>
      </nav>
      <main className="main" id="main" tabIndex={-1}>
        {ticket ? (
          <TicketPage key={ticket.number} number={Number(ticket.number)} me={me} />
        ) : path === "/search" ? (
          <Search q={query.get("q") ?? ""} />
        ) : admin?.section === "calendars" && me.role !== "agent" ? (
          <Calendars />
        ) : admin ? (
          <Admin section={admin.section} me={me} />
        ) : current ? (
          <Inbox view={current} me={me} />
        ) : (
          <p>{t("common.not_found")}</p>
        )}
      </main>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}

function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const keys = ["j", "k", "o", "r", "n", "a", "/", "?"] as const;
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="help-title">{t("shortcuts.title")}</h2>
        <dl className="shortcuts">
          {keys.map((k) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{t(`shortcuts.keys.${k === "/" ? "slash" : k === "?" ? "question" : k}`)}</dd>
            </div>
          ))}
        </dl>
        <button autoFocus onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </div>
  );
}
