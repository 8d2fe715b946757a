import { useTranslation } from "react-i18next";
import { ZEscalationReasonInput } from "../../../../shared/schemas";
import type { EscalationReason } from "../../../../shared/api";
import { CreateForm } from "./CreateForm";
import { ResourcePage, yes } from "./ResourcePage";

const LIST = "/api/v1/escalation-reasons";

/** The reason codes an escalation to the specialists must carry. */
export function EscalationPage() {
  const { t } = useTranslation();
  return (
    <ResourcePage<EscalationReason>
      name="escalation"
      list={LIST}
      editForm={(r, close) => (
        <CreateForm
          url={`${LIST}/${r.id}`}
          schema={ZEscalationReasonInput.pick({ label: true })}
          fields={[{ name: "label", required: true }]}
          edit={{ values: r, onDone: close }}
        />
      )}
      columns={[{ key: "code" }, { key: "label" }, { key: "active", render: (r) => yes(r.active) }]}
      action={{
        label: (r) => (r.active ? t("admin.deactivate") : t("admin.activate")),
        request: (r) => ({ method: "PATCH", url: `/api/v1/escalation-reasons/${r.id}`, body: { active: !r.active } }),
      }}
    >
      <CreateForm
        url={LIST}
        schema={ZEscalationReasonInput.pick({ code: true, label: true })}
        fields={[
          { name: "code", required: true },
          { name: "label", required: true },
        ]}
      />
    </ResourcePage>
  );
}
