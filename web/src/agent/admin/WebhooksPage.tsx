import { useTranslation } from "react-i18next";
import { WEBHOOK_EVENTS, ZWebhookInput } from "../../../../shared/schemas";
import type { Webhook, WebhookCreated } from "../../../../shared/api";
import { CreateForm } from "./CreateForm";
import { listOr } from "./fields";
import { ResourcePage } from "./ResourcePage";

const LIST = "/api/v1/webhooks";
// No event chosen means all of them.
const ZForm = ZWebhookInput.extend({ events: listOr(["*"], ZWebhookInput.shape.events) });

/** Where Sportello posts its events, signed with a secret shown once. */
export function WebhooksPage() {
  const { t } = useTranslation();
  return (
    <ResourcePage<Webhook>
      name="webhooks"
      list={LIST}
      columns={[{ key: "url" }, { key: "events", render: (r) => r.events.join(", ") }]}
      action={{
        label: () => t("admin.delete"),
        request: (r) => ({ method: "DELETE", url: `/api/v1/webhooks/${r.id}` }),
      }}
    >
      <CreateForm
        url={LIST}
        schema={ZForm}
        fields={[
          { name: "url", type: "url", required: true },
          { name: "events", options: WEBHOOK_EVENTS.map((v) => ({ value: v, label: v })), multiple: true },
        ]}
        created={(r) => t("admin.webhooks.created", { secret: (r as WebhookCreated).secret })}
      />
    </ResourcePage>
  );
}
