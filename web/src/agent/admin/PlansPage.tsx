import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TICKET_CHANNELS, TICKET_PRIORITIES } from "../../../../shared/enums";
import type { Calendar, SlaPolicy } from "../../../../shared/api";
import { CreateForm } from "./CreateForm";
import { blankToNull, numberOrNull } from "./fields";
import { useAdminList } from "./queries";
import { ResourcePage } from "./ResourcePage";

const LIST = "/api/v1/sla/policies";
// The API's rule for a policy (ZPolicyInput in server/modules/sla/policies.routes.ts, not in shared/ yet).
const minutes = z.number().int().min(1).max(1_000_000).nullable();
const ZForm = z.object({
  name: z.string().trim().min(1).max(100),
  plan_name: blankToNull(z.string().trim().min(1).max(100).nullable()),
  priority: blankToNull(z.enum(TICKET_PRIORITIES).nullable()),
  channel: blankToNull(z.enum(TICKET_CHANNELS).nullable()),
  calendar_id: numberOrNull(z.number().int().positive()),
  first_response_minutes: numberOrNull(minutes),
  next_response_minutes: numberOrNull(minutes),
  resolution_minutes: numberOrNull(minutes),
  warn_percent: numberOrNull(z.number().int().min(1).max(99).nullable()),
});

/** Service-level policies: which tickets they cover (plan, priority, channel) and their targets in business minutes. */
export function PlansPage() {
  const { t } = useTranslation();
  const calendars = useAdminList<Calendar>("/api/v1/calendars").data ?? [];
  const everyValue = t("admin.plans.any");
  return (
    <ResourcePage<SlaPolicy>
      name="plans"
      list={LIST}
      columns={[
        { key: "name" },
        { key: "plan_name", render: (r) => r.plan_name ?? everyValue },
        { key: "priority", render: (r) => (r.priority ? t(`priority.${r.priority}`) : everyValue) },
        { key: "channel", render: (r) => (r.channel ? t(`channels.${r.channel}`) : everyValue) },
        { key: "first_response_minutes" },
        { key: "next_response_minutes" },
        { key: "resolution_minutes" },
        { key: "warn_percent" },
      ]}
    >
      <CreateForm
        url={LIST}
        schema={ZForm}
        toBody={(v) => ({ ...v, warn_percent: v.warn_percent ?? 80, position: 10 })}
        fields={[
          { name: "name", required: true },
          { name: "plan_name" },
          {
            name: "priority",
            options: [
              { value: "", label: "—" },
              ...TICKET_PRIORITIES.map((v) => ({ value: v, label: t(`priority.${v}`) })),
            ],
          },
          {
            name: "channel",
            options: [
              { value: "", label: "—" },
              ...TICKET_CHANNELS.map((v) => ({ value: v, label: t(`channels.${v}`) })),
            ],
          },
          {
            name: "calendar_id",
            options: [...calendars]
              .sort((a, b) => Number(b.default) - Number(a.default))
              .map((c) => ({ value: String(c.id), label: c.name })),
          },
          { name: "first_response_minutes", type: "number" },
          { name: "next_response_minutes", type: "number" },
          { name: "resolution_minutes", type: "number" },
          { name: "warn_percent", type: "number" },
        ]}
      />
    </ResourcePage>
  );
}
