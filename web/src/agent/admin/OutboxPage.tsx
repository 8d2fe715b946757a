import { useTranslation } from "react-i18next";
import { formatDateTime } from "../../i18n";
import type { OutboxMail } from "../../../../shared/api";
import { ResourcePage } from "./ResourcePage";

/** Emails that could not be delivered after every attempt, each with a retry. */
export function OutboxPage() {
  const { t } = useTranslation();
  return (
    <ResourcePage<OutboxMail>
      name="outbox"
      list="/api/v1/mail/outbox?status=dead&limit=200"
      columns={[
        { key: "to_address" },
        { key: "subject" },
        { key: "attempts" },
        { key: "last_error", render: (r) => <span className="error">{r.last_error}</span> },
        { key: "created_at", render: (r) => formatDateTime(r.created_at) },
      ]}
      action={{
        label: () => t("admin.outbox.retry"),
        request: (r) => ({ method: "POST", url: `/api/v1/mail/outbox/${r.id}/retry` }),
      }}
    />
  );
}
