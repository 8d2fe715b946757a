import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { Suspense, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "../LanguageSwitch";
import { lazyPage } from "../lazy-page";
import { agentSocket } from "../realtime";
import { linkProps, match, navigate, useLocation } from "../router";
import { MailBanner } from "./mail/MailBanner";
import { Nav } from "./Nav";
import { NotificationBell } from "./notifications/Bell";
import { setTimeZone } from "../i18n";
import { makeQueryClient, meKey, prefetchInbox, prefetchMe, useLogout, useMe, useSaveMySettings } from "./queries";
import { useRealtimeCache } from "./realtime-cache";
import { ShortcutHelp } from "./ShortcutHelp";
import { SlaAlerts } from "./SlaAlerts";
import type { Me } from "../../../shared/api";
import { filtersFromQuery, VIEWS, type ViewName } from "./views";

// Each page is its own script, fetched the first time it is opened: the sign-in and the shell load first.
// The inbox, a ticket and search are where an agent goes all day: fetched ahead (the inbox as the app starts, the
// other two once the workspace is shown and the browser idle), so that going to them never waits for a script.
const TicketPage = lazyPage(() => import("./ticket/TicketPage").then((m) => m.TicketPage));
const Inbox = lazyPage(() => import("./inbox/Inbox").then((m) => m.Inbox));
const Search = lazyPage(() => import("./Search").then((m) => m.Search));
Inbox.preload();
// The sign-in too: its form brings react-hook-form and zod, which a signed-in start does not need up front. None of
// them suspends (lazy-page.tsx): React would hold each first view of a page for 300 ms.
const Login = lazyPage(() => import("./Login").then((m) => m.Login));
const CustomersPage = lazyPage(() => import("./people/CustomersPage").then((m) => m.CustomersPage));
const CustomerProfile = lazyPage(() => import("./people/CustomerProfile").then((m) => m.CustomerProfile));
const OrganizationsPage = lazyPage(() => import("./people/OrganizationsPage").then((m) => m.OrganizationsPage));
const OrganizationProfile = lazyPage(() => import("./people/OrganizationProfile").then((m) => m.OrganizationProfile));
const KnowledgePage = lazyPage(() => import("./kb/KnowledgePage").then((m) => m.KnowledgePage));
const ArticleEditor = lazyPage(() => import("./kb/ArticleEditor").then((m) => m.ArticleEditor));
const NewTicketPage = lazyPage(() => import("./actions/NewTicketPage").then((m) => m.NewTicketPage));
const NotificationSettingsPage = lazyPage(() =>
  import("./notifications/SettingsPage").then((m) => m.NotificationSettingsPage),
);
const ResetPasswordPage = lazyPage(() => import("./PasswordReset").then((m) => m.ResetPasswordPage));
const PraiseWall = lazyPage(() => import("./listening/PraiseWall").then((m) => m.PraiseWall));
const ReviewsPage = lazyPage(() => import("./listening/ReviewsPage").then((m) => m.ReviewsPage));
const ProblemsPage = lazyPage(() => import("./listening/ProblemsPage").then((m) => m.ProblemsPage));
const ProblemPage = lazyPage(() => import("./listening/ProblemPage").then((m) => m.ProblemPage));
const AdminPage = lazyPage(() => import("./admin/AdminPage").then((m) => m.AdminPage));

const client = makeQueryClient();
prefetchMe(client);
// Started on an inbox (the queue or a view), its rows are asked for now, beside the agent's profile.
const startView = location.pathname === "/" ? "next_up" : match("/views/:view", location.pathname)?.view;
if (startView === "next_up" || VIEWS.includes(startView as (typeof VIEWS)[number]))
  prefetchInbox(client, startView as ViewName, filtersFromQuery(new URLSearchParams(location.search)));

/** The agent app: its query cache around everything, then the sign-in or the workspace. */
export function AgentApp() {
  return (
    <QueryClientProvider client={client}>
      <AgentShell />
    </QueryClientProvider>
  );
}

function AgentShell() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const { path, query } = useLocation();
  if (path === "/reset-password")
    return (
      <Suspense fallback={<div className="center muted">{t("common.loading")}</div>}>
        <ResetPasswordPage token={query.get("token") ?? ""} />
      </Suspense>
    );
  if (me.isPending) return <div className="center muted">{t("common.loading")}</div>;
  if (me.isError) throw me.error;
  if (!me.data)
    return (
      <Suspense fallback={<div className="center muted">{t("common.loading")}</div>}>
        <Login onDone={() => void client.invalidateQueries({ queryKey: meKey })} />
      </Suspense>
    );
  return <Workspace me={me.data} />;
}

function Workspace({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  // Dates and times in the agent's own zone from this render on (the pages remount when it changes, below).
  setTimeZone(me.time_zone);
  const [help, setHelp] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const { path, query } = useLocation();
  useRealtimeCache();

  useEffect(() => {
    agentSocket.open();
    // Once the first page is painted and the browser is idle (at the latest 300 ms on), so that they do not delay
    // it and are there when the first row is clicked.
    const preload = () => {
      TicketPage.preload();
      Search.preload();
    };
    if (window.requestIdleCallback) window.requestIdleCallback(preload, { timeout: 300 });
    else window.setTimeout(preload, 300);
    return () => agentSocket.close();
  }, []);

  // Keyboard: "/" search and "?" help everywhere; the pages listen for the rest (j, k, r, n, a).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (target.closest("input, textarea, select, [contenteditable]") || e.metaKey || e.ctrlKey || e.altKey) {
        if (e.key === "Escape") target.blur();
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

  // Availability from the top bar; the emails Sportello sends the agent follow the language the app was last shown in.
  const saveSettings = useSaveMySettings();
  const language = i18n.language === "en" ? "en" : "it";
  useEffect(() => {
    if (me.language !== language) saveSettings.mutate({ language });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- saveSettings changes every render; the values are what matter
  }, [me.language, language]);
  const logout = useLogout(() => navigate("/"));

  const ticket = path === "/tickets/new" ? null : match("/tickets/:number", path);
  const view = match("/views/:view", path);
  const admin = match("/admin/:section", path);
  const customer = match("/customers/:id", path);
  const organization = match("/organizations/:id", path);
  const article = match("/knowledge/:id", path);
  const problem = match("/problems/:id", path);
  const current: ViewName | null = view ? (view.view as ViewName) : path === "/" ? "next_up" : null;

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
          aria-label={t("search.label")}
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
          <NotificationBell />
          <SlaAlerts me={me} />
          <LanguageSwitch />
          <label className="check availability">
            <input
              type="checkbox"
              checked={me.available}
              onChange={(e) => saveSettings.mutate({ available: e.target.checked })}
            />
            {me.available ? t("availability.available") : t("availability.away")}
          </label>
          <a
            className="muted"
            data-testid="me"
            {...linkProps("/notifications/settings")}
            title={t("preferences.title")}
            aria-label={t("preferences.open", { name: me.name })}
          >
            {me.name}
          </a>
          <button className="link" onClick={() => logout.mutate()}>
            {t("auth.logout")}
          </button>
        </div>
      </header>
      <Nav me={me} current={current} section={admin?.section} path={path} onHelp={() => setHelp(true)} />
      <main className="main" id="main" tabIndex={-1}>
        <MailBanner me={me} />
        <Suspense key={me.time_zone ?? ""} fallback={<p className="muted">{t("common.loading")}</p>}>
          {path === "/tickets/new" ? (
            <NewTicketPage />
          ) : path === "/notifications/settings" ? (
            <NotificationSettingsPage />
          ) : ticket ? (
            <TicketPage key={ticket.number} number={Number(ticket.number)} me={me} />
          ) : path === "/search" ? (
            <Search q={query.get("q") ?? ""} />
          ) : path === "/customers" ? (
            <CustomersPage key="customers" q={query.get("q") ?? ""} />
          ) : customer ? (
            <CustomerProfile key={customer.id} id={Number(customer.id)} me={me} />
          ) : path === "/organizations" ? (
            <OrganizationsPage key="organizations" q={query.get("q") ?? ""} />
          ) : organization ? (
            <OrganizationProfile key={organization.id} id={Number(organization.id)} />
          ) : path === "/knowledge" ? (
            <KnowledgePage me={me} />
          ) : article ? (
            <ArticleEditor
              key={article.id}
              id={article.id === "new" ? null : Number(article.id)}
              translationOf={Number(query.get("translation_of")) || null}
            />
          ) : path === "/praise" ? (
            <PraiseWall me={me} tv={query.get("tv") === "1"} />
          ) : path === "/reviews" ? (
            <ReviewsPage me={me} status={query.get("status") ?? "all"} maxRating={query.get("max_rating") ?? ""} />
          ) : path === "/problems" ? (
            <ProblemsPage from={Number(query.get("from")) || null} />
          ) : problem ? (
            <ProblemPage key={problem.id} id={Number(problem.id)} me={me} />
          ) : admin ? (
            <AdminPage section={admin.section} me={me} />
          ) : current ? (
            <Inbox view={current} me={me} />
          ) : (
            <p>{t("common.not_found")}</p>
          )}
        </Suspense>
      </main>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
