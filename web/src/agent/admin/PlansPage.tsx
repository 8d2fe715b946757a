import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TICKET_CHANNELS, TICKET_PRIORITIES } from "../../../../shared/enums";
import type { Calendar, SlaPolicy } from "../../../../shared/api";
import { ZSlaPolicyInput } from "../../../../shared/schemas";
import { useState } from "react";
import { CreateForm, type Field } from "./CreateForm";
import { blankToNull, numberOrNull, numberOrUndefined } from "./fields";
import { useAdminList, useAdminRequest } from "./queries";
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
  const rows = useAdminList<SlaPolicy>(LIST).data ?? [];
  const reorder = useReorder(rows);
  const fields = planFields(t, calendars);
  return (
    <ResourcePage<SlaPolicy>
      name="plans"
      list={LIST}
      aside={<p className="muted small">{t("admin.reorder_hint")}</p>}
      rowProps={reorder.rowProps}
      editForm={(r, close) => (
        <CreateForm url={`${LIST}/${r.id}`} schema={ZForm} fields={fields} edit={{ values: r, onDone: close }} />
      )}
      columns={[
        {
          key: "position",
          render: (r) => {
            const i = rows.findIndex((x) => x.id === r.id);
            return (
              <span className="reorder">
                <button
                  type="button"
                  className="link"
                  aria-label={`${t("admin.move_up")}: ${r.name}`}
                  disabled={i <= 0}
                  onClick={() => reorder.move(i, i - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="link"
                  aria-label={`${t("admin.move_down")}: ${r.name}`}
                  disabled={i >= rows.length - 1}
                  onClick={() => reorder.move(i, i + 1)}
                >
                  ↓
                </button>
              </span>
            );
          },
        },
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
        toBody={(v) => ({ ...v, position: (rows.length + 1) * 10 })}
        fields={fields}
      />
    </ResourcePage>
  );
}

function planFields(t: (k: string) => string, calendars: Calendar[]): Field[] {
  return [
    { name: "name", required: true },
    { name: "plan_name" },
    {
      name: "priority",
      options: [{ value: "", label: "—" }, ...TICKET_PRIORITIES.map((v) => ({ value: v, label: t(`priority.${v}`) }))],
    },
    {
      name: "channel",
      options: [{ value: "", label: "—" }, ...TICKET_CHANNELS.map((v) => ({ value: v, label: t(`channels.${v}`) }))],
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
  ];
}

/**
 * The policies' order (the first that fits a ticket applies): rows dragged onto another row, or moved with the
 * arrow buttons; the new order is saved as positions 10, 20, 30… (only the rows whose position changes).
 */
function useReorder(rows: SlaPolicy[]) {
  const request = useAdminRequest();
  const [dragged, setDragged] = useState<number | null>(null);
  async function move(from: number, to: number) {
    if (from === to || to < 0 || to >= rows.length) return;
    const order = [...rows];
    const [row] = order.splice(from, 1);
    order.splice(to, 0, row);
    for (const [i, r] of order.entries())
      if (r.position !== (i + 1) * 10)
        await request.mutateAsync({ method: "PATCH", url: `${LIST}/${r.id}`, body: { position: (i + 1) * 10 } });
  }
  return {
    move: (from: number, to: number) => void move(from, to),
    rowProps: (_r: SlaPolicy, index: number): React.HTMLAttributes<HTMLTableRowElement> => ({
      draggable: true,
      className: dragged === index ? "dragging" : undefined,
      onDragStart: (e) => {
        setDragged(index);
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", String(index));
      },
      onDragOver: (e) => e.preventDefault(),
      onDrop: (e) => {
        e.preventDefault();
        const from = Number(e.dataTransfer.getData("text/plain"));
        setDragged(null);
        void move(from, index);
      },
      onDragEnd: () => setDragged(null),
    }),
  };
}
