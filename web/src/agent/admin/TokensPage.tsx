import { useTranslation } from "react-i18next";
import { ZTokenInput } from "../../../../shared/schemas";
import { formatDateTime } from "../../i18n";
import type { ApiToken, ApiTokenCreated } from "../../../../shared/api";
import { CreateForm } from "./CreateForm";
import { ResourcePage } from "./ResourcePage";

const LIST = "/api/v1/tokens";

/** The signed-in person's API tokens: the secret is shown once, when it is made. */
export function TokensPage() {
  const { t } = useTranslation();
  return (
    <ResourcePage<ApiToken>
      name="tokens"
      list={LIST}
      columns={[
        { key: "name" },
        { key: "prefix" },
        { key: "created_at", render: (r) => formatDateTime(r.created_at) },
        { key: "last_used_at", render: (r) => formatDateTime(r.last_used_at) || "—" },
      ]}
      action={{
        label: () => t("admin.revoke"),
        request: (r) => ({ method: "DELETE", url: `/api/v1/tokens/${r.id}` }),
      }}
    >
      <CreateForm
        url={LIST}
        schema={ZTokenInput}
        fields={[{ name: "name", required: true }]}
        created={(r) => t("admin.tokens.created", { token: (r as ApiTokenCreated).token })}
      />
    </ResourcePage>
  );
}
