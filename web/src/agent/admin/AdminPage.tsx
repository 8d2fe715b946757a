import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import type { Me } from "../../../../shared/api";
import { lazyPage } from "../../lazy-page";
import { usePageTitle } from "../people/title";

// One script per admin page, fetched when it is first opened (without suspending: lazy-page.tsx).
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): ComponentType =>
  lazyPage(() => load().then((m) => m[name]));
const PAGES: Record<string, ComponentType> = {
  fairness: page(() => import("./FairnessPage"), "FairnessPage"),
  approvals: page(() => import("./ApprovalsPage"), "ApprovalsPage"),
  agents: page(() => import("./AgentsPage"), "AgentsPage"),
  teams: page(() => import("./TeamsPage"), "TeamsPage"),
  organizations: page(() => import("./OrganizationsPage"), "OrganizationsPage"),
  plans: page(() => import("./PlansPage"), "PlansPage"),
  calendars: page(() => import("./CalendarsPage"), "CalendarsPage"),
  escalation: page(() => import("./EscalationPage"), "EscalationPage"),
  mailboxes: page(() => import("./MailboxesPage"), "MailboxesPage"),
  templates: page(() => import("./TemplatesPage"), "TemplatesPage"),
  outbox: page(() => import("./OutboxPage"), "OutboxPage"),
  tokens: page(() => import("./TokensPage"), "TokensPage"),
  webhooks: page(() => import("./WebhooksPage"), "WebhooksPage"),
  workspace: page(() => import("./WorkspacePage"), "WorkspacePage"),
  macros: page(() => import("./MacrosPage"), "MacrosPage"),
  playbooks: page(() => import("./PlaybooksPage"), "PlaybooksPage"),
  questions: page(() => import("./QuestionsPage"), "QuestionsPage"),
  mail: page(() => import("./MailPreviewPage"), "MailPreviewPage"),
  satisfaction: page(() => import("./SatisfactionPage"), "SatisfactionPage"),
  follow_ups: page(() => import("./FollowUpsPage"), "FollowUpsPage"),
};
/** The admin pages an agent (not a supervisor or an admin) may open: their own API tokens; macros and playbooks to read. */
const FOR_AGENTS = new Set(["tokens", "macros", "playbooks"]);

/** /admin/:section: the page, for whoever may see it (the server checks again on every request). */
export function AdminPage({ section, me }: { section: string; me: Me }) {
  const { t } = useTranslation();
  const Page = Object.hasOwn(PAGES, section) ? PAGES[section] : null;
  usePageTitle(Page ? t(`admin.${section}.title`) : null);
  if (!Page || (me.role === "agent" && !FOR_AGENTS.has(section))) return <p>{t("common.not_found")}</p>;
  return <Page key={section} />;
}
