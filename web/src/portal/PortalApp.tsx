import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PortalState } from "../../../shared/schemas";
import { ZPortalReply } from "../../../shared/schemas";
import { ApiError, api, get, setCsrf } from "../api";
import { errorText } from "../errors";
import { formatDateTime } from "../i18n";
import { portalSocket, usePush } from "../realtime";
import { linkProps, match, navigate, useLocation } from "../router";
import { PortalBar } from "./PortalBar";
import { formatPromise } from "./promise";
import { WebForm } from "./WebForm";

interface Customer {
  name: string | null;
  email: string;
  language: string;
  workspace: string;
  csrf_token: string | null;
}
interface Request {
  number: number;
  subject: string;
  state: PortalState;
  handled_by: string | null;
  requester_name: string | null;
  mine: boolean;
  next_answer_due: string | null;
  reopen_until: string | null;
  created_at: string;
  updated_at: string;
}
type TimelineItem =
  | {
      kind: "message";
      id: number;
      author: { type: "agent" | "customer" | "system"; name: string | null };
      body_text: string;
      attachments: { id: number; filename: string; size: number; url: string }[];
      created_at: string;
    }
  | { kind: "state"; id: number; state: PortalState; created_at: string };

export function PortalApp() {
  const { t } = useTranslation();
  const { path, query } = useLocation();
  const [me, setMe] = useState<Customer | null | "loading">("loading");

  const load = useCallback(async () => {
    try {
      const c = await get<Customer>("/api/v1/portal/me");
      setCsrf(c.csrf_token);
      setMe(c);
    } catch {
      setMe(null);
    }
  }, []);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (me && me !== "loading") {
      portalSocket.open();
      return () => portalSocket.close();
    }
  }, [me]);

  const request = match("/portal/requests/:number", path);
  let page: React.ReactNode;
  if (path === "/portal/sign-in" && query.get("token"))
    page = <Redeem token={query.get("token")!} next={query.get("next")} onDone={load} />;
  else if (path === "/portal/new") page = <WebForm />;
  else if (me === "loading") page = <p className="muted">{t("common.loading")}</p>;
  else if (!me) page = <AskLink />;
  else if (request) page = <RequestPage key={request.number} number={Number(request.number)} />;
  else page = <RequestList />;

  return (
    <div className="portal">
      <PortalBar
        workspace={me && me !== "loading" ? me.workspace : undefined}
        onLogout={
          me && me !== "loading"
            ? async () => {
                await api("POST", "/api/v1/portal/logout");
                setMe(null);
                navigate("/portal");
              }
            : undefined
        }
      />
      <main className="portal-main" id="main">
        {page}
      </main>
    </div>
  );
}

function AskLink() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    try {
      await api("POST", "/api/v1/portal/sign-in-link", { email: new FormData(e.currentTarget).get("email") });
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? errorText(t, err) : t("portal.email_invalid"));
    }
  }
  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="ask-title">
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
            <input name="email" type="email" required autoComplete="email" />
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

function Redeem({ token, next, onDone }: { token: string; next: string | null; onDone: () => Promise<void> }) {
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

function StateBadge({ state }: { state: PortalState }) {
  const { t } = useTranslation();
  return <span className={`state state-${state}`}>{t(`portal.states.${state}`)}</span>;
}

/** Who handles a request; "will be assigned shortly" only while it is still open. */
function handler(t: (k: string, o?: Record<string, unknown>) => string, r: Request): string | null {
  if (r.handled_by) return t("portal.handled_by", { name: r.handled_by });
  return r.state === "solved" ? null : t("portal.not_yet_assigned");
}

function RequestList() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Request[] | null>(null);
  useEffect(() => void get<{ data: Request[] }>("/api/v1/portal/requests").then((r) => setRows(r.data)), []);
  if (!rows) return <p className="muted">{t("common.loading")}</p>;
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t("portal.my_requests")}</h1>
      {rows.length === 0 ? (
        <p className="muted">
          {t("portal.no_requests")} <a {...linkProps("/portal/new")}>{t("portal.new_request")}</a>
        </p>
      ) : (
        <ul className="requests">
          {rows.map((r) => (
            <li key={r.number} className="card">
              <a {...linkProps(`/portal/requests/${r.number}`)} className="request-link">
                <span className="muted">#{r.number}</span> <strong>{r.subject}</strong>
              </a>
              <StateBadge state={r.state} />
              <p className="small muted">
                {[
                  handler(t, r),
                  r.next_answer_due && t("portal.answer_by", { when: formatPromise(r.next_answer_due) }),
                  !r.mine && r.requester_name && t("portal.asked_by", { name: r.requester_name }),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RequestPage({ number }: { number: number }) {
  const { t } = useTranslation();
  const [data, setData] = useState<{ request: Request; timeline: TimelineItem[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get<{ request: Request; timeline: TimelineItem[] }>(`/api/v1/portal/requests/${number}`)
        .then(setData)
        .catch((e) => setError(e instanceof ApiError && e.status === 404 ? t("portal.not_found") : t("common.error"))),
    [number, t],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => portalSocket.keep({ type: "follow", ticket_number: number }), [number]);
  usePush(portalSocket, (m) => {
    if (m.type === "portal.changed" && m.ticket_number === number) void load();
  });
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!data) return <p className="muted">{t("common.loading")}</p>;
  const r = data.request;
  return (
    <article aria-labelledby="request-title">
      <p className="small">
        <a {...linkProps("/portal")}>← {t("portal.my_requests")}</a>
      </p>
      <h1 id="request-title">
        {r.subject} <span className="muted">#{r.number}</span>
      </h1>
      <div className="promise card">
        <StateBadge state={r.state} />
        {handler(t, r) && <p>{handler(t, r)}</p>}
        {r.next_answer_due && (
          <p>
            <strong>{t("portal.promise", { when: formatPromise(r.next_answer_due) })}</strong>
          </p>
        )}
        {r.state === "waiting_for_you" && <p>{t("portal.waiting_hint")}</p>}
      </div>
      <ol className="thread" aria-label={t("portal.timeline")}>
        {data.timeline.map((i) =>
          i.kind === "state" ? (
            <li key={`s${i.id}`} className="state-change muted small">
              {formatDateTime(i.created_at)} · {t("portal.now")} <StateBadge state={i.state} />
            </li>
          ) : (
            <li key={`m${i.id}`} className={`message ${i.author.type}`}>
              <header>
                <strong>
                  {i.author.type === "agent"
                    ? (i.author.name ?? t("portal.support_team"))
                    : i.author.type === "customer"
                      ? (i.author.name ?? t("portal.you"))
                      : t("portal.support_team")}
                </strong>{" "}
                <time className="muted small">{formatDateTime(i.created_at)}</time>
              </header>
              <div className="body">{i.body_text}</div>
              {i.attachments.length > 0 && (
                <ul className="files">
                  {i.attachments.map((a) => (
                    <li key={a.id}>
                      <a href={a.url}>{a.filename}</a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ),
        )}
      </ol>
      {r.mine && <PortalComposer request={r} onSent={setData} />}
    </article>
  );
}

function PortalComposer({
  request,
  onSent,
}: {
  request: Request;
  onSent: (d: { request: Request; timeline: TimelineItem[] }) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [files, setFiles] = useState<{ id: number; filename: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const solved = request.state === "solved";
  if (solved && !request.reopen_until)
    return (
      <p className="muted">
        {t("portal.closed_hint")} <a {...linkProps("/portal/new")}>{t("portal.new_request")}</a>
      </p>
    );
  async function upload(list: FileList | null) {
    for (const f of Array.from(list ?? [])) {
      try {
        const r = await api<{ id: number; filename: string }>(
          "POST",
          `/api/v1/portal/attachments?filename=${encodeURIComponent(f.name)}`,
          undefined,
          { raw: f, contentType: f.type },
        );
        setFiles((x) => [...x, r]);
      } catch (e) {
        setError(errorText(t, e));
      }
    }
  }
  async function send(e: React.FormEvent) {
    e.preventDefault();
    const body = ZPortalReply.safeParse({ body_text: text, attachment_ids: files.map((f) => f.id) });
    if (!body.success) return setError(t("portal.write_something"));
    try {
      onSent(
        await api("POST", `/api/v1/portal/requests/${request.number}/${solved ? "reopen" : "messages"}`, body.data),
      );
      setText("");
      setFiles([]);
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }
  return (
    <form className="card composer" onSubmit={send} aria-labelledby="reply-title">
      <h2 id="reply-title">{solved ? t("portal.reopen_title") : t("portal.reply_title")}</h2>
      {solved && (
        <p className="muted small">{t("portal.reopen_hint", { until: formatDateTime(request.reopen_until) })}</p>
      )}
      <label className="sr-only" htmlFor="portal-reply">
        {t("portal.reply_title")}
      </label>
      <textarea id="portal-reply" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      {files.length > 0 && (
        <ul className="files">
          {files.map((f) => (
            <li key={f.id}>{f.filename}</li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary">
          {solved ? t("portal.reopen") : t("portal.send")}
        </button>
        <label className="file-button">
          {t("portal.attach")}
          <input type="file" multiple onChange={(e) => upload(e.target.files)} />
        </label>
      </div>
    </form>
  );
}
