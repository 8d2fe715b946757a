import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TICKET_CHANNELS, TICKET_PRIORITIES } from "../../../../shared/enums";
import type { Calendar, SlaPolicy } from "../../../../shared/api";
import { ZSlaPolicyInput } from "../../../../shared/schemas";
import { CreateForm } from "./CreateForm";
import { blankToNull, numberOrNull, numberOrUndefined } from "./fields";
import { useAdminList } from "./queries";
import { ResourcePage } from "./ResourcePage";

const LIST = "/api/v1/sla/policies";
// The API's rule for a policy (ZSlaPolicyInput), field by field, with what a text input gives turned into it.
const rule = ZSlaPolicyInput.shape;
const ZForm = z.object({
  name: rule.name,
  plan_name: blankToNull(rule.plan_name),
  priority: blankToNull(rule.priority),
  channel: blankToNull(rule.channel),
  calendar_id: numberOrNull(rule.calendar_id),
  first_response_minutes: numberOrNull(rule.first_response_minutes),
  next_response_minutes: numberOrNull(rule.next_response_minutes),
  resolution_minutes: numberOrNull(rule.resolution_minutes),
  // Empty: the API's default (80).
  warn_percent: numberOrUndefined(rule.warn_percent),
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
        toBody={(v) => ({ ...v, position: 10 })}
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
