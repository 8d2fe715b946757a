import { useTranslation } from "react-i18next";
import { api } from "../api";
import { formatDateTime } from "../i18n";
import { linkProps } from "../router";
import { Composer } from "../ui";
import type { Request, RequestDetail } from "./types";

/**
 * The requester's reply to an open request, or the reopening of a solved one within its window: the shared
 * composer (web/src/ui), with its uploads, on the portal's own endpoints.
 */
export function PortalComposer({ request, onSent }: { request: Request; onSent: (d: RequestDetail) => void }) {
  const { t } = useTranslation();
  const solved = request.state === "solved";
  if (solved && !request.reopen_until)
    return (
      <p className="muted">
        {t("portal.closed_hint")} <a {...linkProps("/portal/new")}>{t("portal.new_request")}</a>
      </p>
    );
  return (
    <Composer
      id="portal-reply"
      label={solved ? t("portal.reopen_title") : t("portal.reply_title")}
      heading
      uploadUrl="/api/v1/portal/attachments"
      sends={() => [{ key: "send", label: solved ? t("portal.reopen") : t("portal.send") }]}
      onSend={async (draft) =>
        onSent(
          await api("POST", `/api/v1/portal/requests/${request.number}/${solved ? "reopen" : "messages"}`, {
            body_text: draft.text,
            attachment_ids: draft.attachment_ids,
          }),
        )
      }
    >
      {solved && (
        <p className="muted small">{t("portal.reopen_hint", { until: formatDateTime(request.reopen_until) })}</p>
      )}
    </Composer>
  );
}
