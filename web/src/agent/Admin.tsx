import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { AGENT_ROLES, AGENT_TIERS, LANGUAGES, TICKET_CHANNELS } from "../../../shared/enums";
import { WEBHOOK_EVENTS } from "../../../shared/schemas";
import { api, get } from "../api";
import { errorText } from "../errors";
import { formatDateTime } from "../i18n";
import { linkProps } from "../router";
import type { Me } from "./AgentApp";
import { FairnessReport } from "./FairnessReport";
import { Templates } from "./Templates";
import { forgetDirectory, loadAgents, loadTeams } from "./directory";

const teamOptions = async (): Promise<Option[]> => [
  { value: "", label: "—" },
  ...(await loadTeams()).map((t) => ({ value: String(t.id), label: t.name })),
];
const calendarOptions = async (): Promise<Option[]> =>
  (await get<{ data: { id: number; name: string; default: boolean }[] }>("/api/v1/calendars")).data
    .sort((a, b) => Number(b.default) - Number(a.default))
    .map((c) => ({ value: String(c.id), label: c.name }));
const num = (v: unknown) => (v === undefined || v === "" ? null : Number(v));

// Admin pages: a table of what exists and a form to add one. The forms post what the API's zod schemas
// accept; the server's validation message is shown as is when it refuses.

type Option = { value: string; label: string };
type Field = {
  name: string;
  type?: "text" | "email" | "password" | "number" | "checkbox" | "url";
  options?: readonly string[];
  optionsFrom?: () => Promise<Option[]>;
  required?: boolean;
  multiple?: boolean;
};
type Column = { key: string; render?: (row: any) => React.ReactNode };

interface SectionDef {
  list: string;
  create?: string;
  columns: Column[];
  fields?: Field[];
  toBody?: (v: Record<string, any>) => object;
  /** A check before posting, in the person's language (the server's own messages are in English): a locale key or null. */
  validate?: (v: Record<string, any>) => string | null;
  /** Buttons on a row: each hands its request to `run`, which reloads the list or shows why it failed. */
  rowActions?: (row: any, run: (request: () => Promise<unknown>) => void) => React.ReactNode;
  /** Shown under the intro: links to the pages that belong with this one. */
  aside?: React.ReactNode;
}

const yes = (v: boolean) => (v ? "✓" : "—");

/** Where the words for a select's values live in the locales (other selects show the values as they are). */
const OPTION_TEXTS: Record<string, string> = {
  role: "roles",
  tier: "tiers",
  priority: "priority",
  channel: "channels",
  imap_security: "imap_security",
  imap_after: "imap_after",
};

function sections(t: (k: string, o?: Record<string, string>) => string): Record<string, SectionDef> {
  // An IMAP mailbox's fetch job in words: not run yet, or how its last run ended and when.
  const fetchState = (imap: { status: "ok" | "error" | null; last_fetch_at: string | null }) =>
    imap.status
      ? t(`admin.mailboxes.status_${imap.status}`, { when: formatDateTime(imap.last_fetch_at) })
      : t("admin.mailboxes.status_never");
  return {
    agents: {
      list: "/api/v1/agents?limit=200",
      create: "/api/v1/agents",
      columns: [
        { key: "name" },
        { key: "email" },
        { key: "role", render: (r) => t(`roles.${r.role}`) },
        { key: "tier", render: (r) => t(`tiers.${r.tier}`) },
        { key: "skills", render: (r) => r.skills.join(", ") || "—" },
        { key: "available", render: (r) => yes(r.available) },
        { key: "active", render: (r) => yes(r.active) },
      ],
      fields: [
        { name: "name", required: true },
        { name: "email", type: "email", required: true },
        { name: "role", options: AGENT_ROLES },
        { name: "tier", options: AGENT_TIERS },
        { name: "skills" },
        { name: "password", type: "password" },
      ],
      toBody: (v) => ({
        ...v,
        password: v.password || undefined,
        skills: String(v.skills ?? "")
          .split(/[\s,]+/)
          .filter(Boolean),
      }),
      rowActions: (r, run) => (
        <button
          className="link"
          onClick={() => run(() => api("PATCH", `/api/v1/agents/${r.id}`, { active: !r.active }))}
        >
          {r.active ? t("admin.deactivate") : t("admin.activate")}
        </button>
      ),
    },
    teams: {
      list: "/api/v1/teams?limit=200",
      create: "/api/v1/teams",
      columns: [
        { key: "name" },
        { key: "tier", render: (r) => t(`tiers.${r.tier}`) },
        {
          key: "auto_assign",
          render: (r) => (r.auto_assign ? `${t("admin.teams.round_robin")} (${r.capacity})` : "—"),
        },
        { key: "member_ids", render: (r) => <TeamMembers team={r} /> },
      ],
      fields: [
        { name: "name", required: true },
        { name: "tier", options: AGENT_TIERS },
        { name: "auto_assign", type: "checkbox" },
        { name: "capacity", type: "number" },
      ],
      toBody: (v) => ({
        name: v.name,
        tier: v.tier,
        auto_assign: !!v.auto_assign,
        ...(v.capacity ? { capacity: Number(v.capacity) } : {}),
      }),
    },
    escalation: {
      list: "/api/v1/escalation-reasons",
      create: "/api/v1/escalation-reasons",
      columns: [{ key: "code" }, { key: "label" }, { key: "active", render: (r) => yes(r.active) }],
      fields: [
        { name: "code", required: true },
        { name: "label", required: true },
      ],
      rowActions: (r, run) => (
        <button
          className="link"
          onClick={() => run(() => api("PATCH", `/api/v1/escalation-reasons/${r.id}`, { active: !r.active }))}
        >
          {r.active ? t("admin.deactivate") : t("admin.activate")}
        </button>
      ),
    },
    mailboxes: {
      list: "/api/v1/mailboxes",
      create: "/api/v1/mailboxes",
      columns: [
        { key: "address" },
        { key: "display_name", render: (r) => r.display_name ?? "—" },
        {
          key: "imap",
          render: (r) =>
            r.imap ? `${r.imap.user}@${r.imap.host} · ${fetchState(r.imap)}` : t("admin.mailboxes.smtp_only"),
        },
        {
          key: "last_error",
          render: (r) => (r.imap?.last_error ? <span className="error">{r.imap.last_error}</span> : "—"),
        },
      ],
      fields: [
        { name: "address", type: "email", required: true },
        { name: "display_name" },
        { name: "team_id", optionsFrom: teamOptions },
        { name: "imap_host" },
        { name: "imap_user" },
        { name: "imap_password", type: "password" },
        { name: "imap_security", options: ["tls", "none"] },
        { name: "imap_port", type: "number" },
        { name: "imap_folder" },
        { name: "imap_after", options: ["flag", "move", "none"] },
        { name: "imap_move_to" },
      ],
      validate: (v) =>
        v.imap_host && (!v.imap_user || !v.imap_password)
          ? "admin.mailboxes.imap_incomplete"
          : v.imap_host && v.imap_after === "move" && !v.imap_move_to
            ? "admin.mailboxes.move_to_needed"
            : null,
      // Left empty, port and folder take the API's defaults (993 with TLS, 143 without; INBOX).
      toBody: (v) => ({
        address: v.address,
        display_name: v.display_name || null,
        team_id: num(v.team_id),
        ...(v.imap_host
          ? {
              imap: {
                host: v.imap_host,
                user: v.imap_user,
                password: v.imap_password,
                secure: v.imap_security !== "none",
                port: num(v.imap_port) ?? undefined,
                folder: v.imap_folder || undefined,
                after: v.imap_after,
                move_to: v.imap_move_to || undefined,
              },
            }
          : {}),
      }),
      rowActions: (r, run) => (
        <button className="link" onClick={() => run(() => api("DELETE", `/api/v1/mailboxes/${r.id}`))}>
          {t("admin.delete")}
        </button>
      ),
      aside: (
        <p>
          <a {...linkProps("/admin/templates")}>{t("mail_templates.open")}</a>
        </p>
      ),
    },
    outbox: {
      list: "/api/v1/mail/outbox?status=dead&limit=200",
      columns: [
        { key: "to_address" },
        { key: "subject" },
        { key: "attempts" },
        { key: "last_error", render: (r) => <span className="error">{r.last_error}</span> },
        { key: "created_at", render: (r) => formatDateTime(r.created_at) },
      ],
      rowActions: (r, run) => (
        <button className="link" onClick={() => run(() => api("POST", `/api/v1/mail/outbox/${r.id}/retry`))}>
          {t("admin.outbox.retry")}
        </button>
      ),
    },
    organizations: {
      list: "/api/v1/organizations?limit=200",
      create: "/api/v1/organizations",
      columns: [
        { key: "name" },
        { key: "plan_name", render: (r) => r.support_plan.name ?? "—" },
        { key: "plan_tier", render: (r) => r.support_plan.tier ?? "—" },
        { key: "portal_shared", render: (r) => yes(r.portal_shared) },
      ],
      fields: [
        { name: "name", required: true },
        { name: "plan_name" },
        { name: "plan_tier", type: "number" },
        { name: "portal_shared", type: "checkbox" },
      ],
      toBody: (v) => ({
        name: v.name,
        plan_name: v.plan_name || null,
        plan_tier: v.plan_tier === "" ? null : Number(v.plan_tier),
        portal_shared: !!v.portal_shared,
      }),
    },
    plans: {
      list: "/api/v1/sla/policies",
      create: "/api/v1/sla/policies",
      fields: [
        { name: "name", required: true },
        { name: "plan_name" },
        { name: "priority", options: ["", "low", "normal", "high", "urgent"] },
        { name: "channel", options: ["", ...TICKET_CHANNELS] },
        { name: "calendar_id", optionsFrom: calendarOptions },
        { name: "first_response_minutes", type: "number" },
        { name: "next_response_minutes", type: "number" },
        { name: "resolution_minutes", type: "number" },
        { name: "warn_percent", type: "number" },
      ],
      toBody: (v) => ({
        name: v.name,
        plan_name: v.plan_name || null,
        priority: v.priority || null,
        channel: v.channel || null,
        calendar_id: Number(v.calendar_id),
        first_response_minutes: num(v.first_response_minutes),
        next_response_minutes: num(v.next_response_minutes),
        resolution_minutes: num(v.resolution_minutes),
        warn_percent: v.warn_percent || 80,
        position: 10,
      }),
      columns: [
        { key: "name" },
        { key: "plan_name", render: (r) => r.plan_name ?? t("admin.plans.any") },
        { key: "priority", render: (r) => (r.priority ? t(`priority.${r.priority}`) : t("admin.plans.any")) },
        { key: "channel", render: (r) => (r.channel ? t(`channels.${r.channel}`) : t("admin.plans.any")) },
        { key: "first_response_minutes" },
        { key: "next_response_minutes" },
        { key: "resolution_minutes" },
        { key: "warn_percent" },
      ],
    },
    tokens: {
      list: "/api/v1/tokens",
      create: "/api/v1/tokens",
      columns: [
        { key: "name" },
        { key: "prefix" },
        { key: "created_at", render: (r) => formatDateTime(r.created_at) },
        { key: "last_used_at", render: (r) => formatDateTime(r.last_used_at) || "—" },
      ],
      fields: [{ name: "name", required: true }],
      rowActions: (r, run) => (
        <button className="link" onClick={() => run(() => api("DELETE", `/api/v1/tokens/${r.id}`))}>
          {t("admin.revoke")}
        </button>
      ),
    },
    webhooks: {
      list: "/api/v1/webhooks",
      create: "/api/v1/webhooks",
      columns: [{ key: "url" }, { key: "events", render: (r) => r.events.join(", ") }],
      fields: [
        { name: "url", type: "url", required: true },
        { name: "events", options: WEBHOOK_EVENTS, multiple: true },
      ],
      toBody: (v) => ({ url: v.url, events: v.events?.length ? v.events : ["*"] }),
      rowActions: (r, run) => (
        <button className="link" onClick={() => run(() => api("DELETE", `/api/v1/webhooks/${r.id}`))}>
          {t("admin.delete")}
        </button>
      ),
    },
  };
}

export function Admin({ section, me }: { section: string; me: Me }) {
  const { t } = useTranslation();
  if (section === "workspace") return <WorkspaceSettings />;
  if (section === "fairness") return <FairnessReport />;
  if (section === "approvals") return <Approvals />;
  if (section === "templates") return me.role === "agent" ? <p>{t("common.not_found")}</p> : <Templates />;
  const def = sections(t)[section];
  if (!def || (me.role === "agent" && section !== "tokens")) return <p>{t("common.not_found")}</p>;
  return <ResourceSection key={section} name={section} def={def} />;
}

function ResourceSection({ name, def }: { name: string; def: SectionDef }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<any[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  /** A row action that failed (the form shows its own errors); it stays until the next action. */
  const [problem, setProblem] = useState<string | null>(null);
  /** The list did not load; gone once it loads. */
  const [loadFailed, setLoadFailed] = useState<string | null>(null);
  const reload = useCallback(() => {
    void get<any>(def.list)
      .then((r) => {
        setRows(Array.isArray(r) ? r : r.data);
        setLoadFailed(null);
      })
      .catch((e) => setLoadFailed(errorText(t, e)));
  }, [def.list, t]);
  useEffect(reload, [reload]);
  const run = useCallback(
    (request: () => Promise<unknown>) => {
      setProblem(null);
      // The list is reloaded either way: a row deleted elsewhere, say, leaves it.
      request().then(reload, (e) => {
        setProblem(errorText(t, e));
        reload();
      });
    },
    [reload, t],
  );
  const [dynamic, setDynamic] = useState<Record<string, Option[]>>({});
  useEffect(() => {
    for (const f of def.fields ?? [])
      if (f.optionsFrom) void f.optionsFrom().then((o) => setDynamic((d) => ({ ...d, [f.name]: o })));
  }, [def.fields]);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const v: Record<string, any> = {};
    for (const f of def.fields ?? []) {
      const el = form.elements.namedItem(f.name) as HTMLInputElement | HTMLSelectElement;
      if (f.type === "checkbox") v[f.name] = (el as HTMLInputElement).checked;
      else if (f.multiple) v[f.name] = Array.from((el as HTMLSelectElement).selectedOptions).map((o) => o.value);
      else if (el.value !== "") v[f.name] = f.type === "number" ? Number(el.value) : el.value;
    }
    const invalid = def.validate?.(v);
    if (invalid) return setError(t(invalid));
    try {
      const r = await api<any>("POST", def.create!, def.toBody ? def.toBody(v) : v);
      setError(null);
      setCreated(
        r.token
          ? t("admin.tokens.created", { token: r.token })
          : r.secret
            ? t("admin.webhooks.created", { secret: r.secret })
            : t("admin.created"),
      );
      form.reset();
      forgetDirectory();
      reload();
    } catch (err) {
      setError(errorText(t, err));
    }
  }

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t(`admin.${name}.title`)}</h1>
      <p className="muted">{t(`admin.${name}.intro`)}</p>
      {def.aside}
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {def.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {t(`fields.${c.key}`)}
                  </th>
                ))}
                {def.rowActions && (
                  <th>
                    <span className="sr-only">{t("admin.actions")}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  {def.columns.map((c) => (
                    <td key={c.key}>{c.render ? c.render(r) : String(r[c.key] ?? "—")}</td>
                  ))}
                  {def.rowActions && <td>{def.rowActions(r, run)}</td>}
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={def.columns.length + 1} className="muted">
                    {t("admin.none")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {loadFailed && (
        <p className="error" role="alert" data-load-failed>
          {loadFailed}
        </p>
      )}
      {def.fields && (
        <form className="card admin-form" onSubmit={submit}>
          <h2>{t("admin.add")}</h2>
          {def.fields.map((f) => (
            <label key={f.name} className={f.type === "checkbox" ? "check" : undefined}>
              {t(`fields.${f.name}`)}
              {f.optionsFrom ? (
                <select name={f.name}>
                  {(dynamic[f.name] ?? []).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : f.options ? (
                <select name={f.name} multiple={f.multiple}>
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o === "" ? "—" : OPTION_TEXTS[f.name] ? t(`${OPTION_TEXTS[f.name]}.${o}`) : o}
                    </option>
                  ))}
                </select>
              ) : (
                <input name={f.name} type={f.type ?? "text"} required={f.required} />
              )}
            </label>
          ))}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {created && (
            <p className="notice" role="status">
              {created}
            </p>
          )}
          <button type="submit" className="primary">
            {t("admin.add")}
          </button>
        </form>
      )}
    </section>
  );
}

/** Overrides waiting for a supervisor, and the switch that makes sales-sourced ones wait. */
function Approvals() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<any[] | null>(null);
  const [setting, setSetting] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () => void get<{ data: any[] }>("/api/v1/overrides?status=pending").then((r) => setRows(r.data)),
    [],
  );
  useEffect(() => {
    reload();
    void get<{ sales_overrides_need_approval: boolean }>("/api/v1/overrides/settings").then((r) =>
      setSetting(r.sales_overrides_need_approval),
    );
  }, [reload]);
  const decide = (id: number, verb: "approve" | "reject") =>
    api("POST", `/api/v1/overrides/${id}/${verb}`)
      .then(reload)
      .catch((e) => setError(errorText(t, e)));
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.approvals.title")}</h1>
      <p className="muted">{t("admin.approvals.intro")}</p>
      {setting !== null && (
        <label className="check">
          <input
            type="checkbox"
            checked={setting}
            onChange={async (e) =>
              setSetting(
                (
                  await api<{ sales_overrides_need_approval: boolean }>("PUT", "/api/v1/overrides/settings", {
                    sales_overrides_need_approval: e.target.checked,
                  })
                ).sales_overrides_need_approval,
              )
            }
          />
          {t("admin.approvals.setting")}
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rows && (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {["kind", "change", "reason", "source", "created_at"].map((c) => (
                  <th key={c} scope="col">
                    {t(`fields.${c}`)}
                  </th>
                ))}
                <th>
                  <span className="sr-only">{t("admin.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id}>
                  <td>{t(`overrides.kinds.${o.kind}`)}</td>
                  <td>{JSON.stringify(o.change)}</td>
                  <td>{o.reason}</td>
                  <td>{t(`sources.${o.source}`)}</td>
                  <td>{formatDateTime(o.created_at)}</td>
                  <td className="row">
                    <button onClick={() => decide(o.id, "approve")}>{t("admin.approvals.approve")}</button>
                    <button onClick={() => decide(o.id, "reject")}>{t("admin.approvals.reject")}</button>
                  </td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {t("admin.none")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** A team's members, editable in place. */
function TeamMembers({ team }: { team: { id: number; member_ids: number[] } }) {
  const { t } = useTranslation();
  const [agents, setAgents] = useState<{ id: number; name: string; active: boolean }[]>([]);
  const [chosen, setChosen] = useState<number[]>(team.member_ids);
  const [saved, setSaved] = useState(false);
  useEffect(() => void loadAgents().then(setAgents), []);
  return (
    <div className="row">
      <label className="sr-only" htmlFor={`members-${team.id}`}>
        {t("fields.member_ids")}
      </label>
      <select
        id={`members-${team.id}`}
        multiple
        size={Math.min(4, Math.max(2, agents.length))}
        value={chosen.map(String)}
        onChange={(e) => {
          setChosen(Array.from(e.target.selectedOptions).map((o) => Number(o.value)));
          setSaved(false);
        }}
      >
        {agents
          .filter((a) => a.active || chosen.includes(a.id))
          .map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
      </select>
      <button
        onClick={async () => {
          await api("PATCH", `/api/v1/teams/${team.id}`, { member_ids: chosen });
          forgetDirectory();
          setSaved(true);
        }}
      >
        {t("admin.save")}
      </button>
      {saved && (
        <span className="notice" role="status">
          {t("admin.saved")}
        </span>
      )}
    </div>
  );
}

function WorkspaceSettings() {
  const { t } = useTranslation();
  const [w, setW] = useState<any>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => void get("/api/v1/workspace").then(setW), []);
  if (!w) return <p className="muted">{t("common.loading")}</p>;
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      setW(
        await api("PATCH", "/api/v1/workspace", {
          name: f.get("name"),
          default_language: f.get("default_language"),
          timezone: f.get("timezone"),
          support_address: f.get("support_address") || null,
          portal_reopen_days: Number(f.get("portal_reopen_days")),
        }),
      );
      setMsg({ ok: true, text: t("admin.saved") });
    } catch (err) {
      setMsg({ ok: false, text: errorText(t, err) });
    }
  }
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.workspace.title")}</h1>
      <form className="card admin-form" onSubmit={submit}>
        <label>
          {t("fields.name")}
          <input name="name" defaultValue={w.name} required />
        </label>
        <label>
          {t("fields.default_language")}
          <select name="default_language" defaultValue={w.default_language}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l === "it" ? "Italiano" : "English"}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("fields.timezone")}
          <input name="timezone" defaultValue={w.timezone} required />
        </label>
        <label>
          {t("fields.support_address")}
          <input name="support_address" type="email" defaultValue={w.support_address ?? ""} />
        </label>
        <label>
          {t("fields.portal_reopen_days")}
          <input name="portal_reopen_days" type="number" min={0} max={365} defaultValue={w.portal_reopen_days} />
        </label>
        {msg && (
          <p className={msg.ok ? "notice" : "error"} role="status">
            {msg.text}
          </p>
        )}
        <button type="submit" className="primary">
          {t("admin.save")}
        </button>
      </form>
    </section>
  );
}
