import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n";
import { agentSocket, usePush } from "../../realtime";
import { linkProps, navigate } from "../../router";
import type { Notification, NotificationList } from "../../../../shared/api";
import { notificationPath } from "../../../../shared/notification-texts";
import { notificationKeys, useMarkRead, useNotifications } from "./queries";

type T = (k: string, o?: Record<string, unknown>) => string;

/** A notification in words, in the agent's language. */
export function describeNotification(t: T, n: Notification): string {
  const p = n.payload as Record<string, string | null | undefined>;
  const values = { ...p, number: n.ticket_number ?? "" };
  if (n.kind === "assigned" && !p.by) return t("notifications.text.assigned_system", values);
  return t(`notifications.text.${n.kind}`, values);
}

/**
 * The bell in the top bar: the unread count, kept live by pushes to the agent's own websocket room, and the
 * latest notifications in a panel; opening one marks it read and opens its ticket.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useNotifications().data;
  const markRead = useMarkRead();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const unread = list?.unread ?? 0;

  usePush(agentSocket, (m) => {
    if (m.type === "notification.created") {
      client.setQueryData<NotificationList>(notificationKeys.list, (old) =>
        old ? { data: [m.notification as Notification, ...old.data].slice(0, 30), unread: m.unread as number } : old,
      );
      if (!list) void client.invalidateQueries({ queryKey: notificationKeys.list, exact: true });
    } else if (m.type === "notifications.read") {
      void client.invalidateQueries({ queryKey: notificationKeys.list, exact: true });
    }
  });

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  return (
    <div
      className="bell"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-label={t("notifications.open", { count: unread })}
        onClick={() => setOpen((o) => !o)}
        data-testid="bell"
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" className="bell-icon">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 && (
          <span className="count" data-testid="unread">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-panel card" role="region" aria-label={t("notifications.title")}>
          <div className="row">
            <h2 className="small">{t("notifications.title")}</h2>
            <button
              type="button"
              className="link small"
              disabled={!unread}
              onClick={() => markRead.mutate({ all: true })}
            >
              {t("notifications.mark_all")}
            </button>
          </div>
          {!list?.data.length ? (
            <p className="muted">{t("notifications.none")}</p>
          ) : (
            <ul className="notifications" data-testid="notifications">
              {list.data.map((n) => {
                const to = notificationPath(n);
                return (
                  <li key={n.id} className={n.read_at ? "read" : "unread"}>
                    <a
                      href={to ?? "#"}
                      onClick={(e) => {
                        e.preventDefault();
                        if (!n.read_at) markRead.mutate({ ids: [n.id] });
                        setOpen(false);
                        if (to) navigate(to);
                      }}
                    >
                      {describeNotification(t, n)}
                    </a>
                    <time className="muted small" dateTime={n.created_at}>
                      {formatDateTime(n.created_at)}
                    </time>
                  </li>
                );
              })}
            </ul>
          )}
          <a className="small" {...linkProps("/notifications/settings")} onClickCapture={() => setOpen(false)}>
            {t("notifications.settings")}
          </a>
        </div>
      )}
    </div>
  );
}
