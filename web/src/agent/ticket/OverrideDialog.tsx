import { zodResolver } from "@hookform/resolvers/zod";
import { useId } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { OVERRIDE_SOURCES } from "../../../../shared/enums";
import { ZSlaOverride } from "../../../../shared/schemas";
import { Dialog, FieldMessage, FormError } from "../../ui";
import { useOverride } from "../queries";
import { type OverrideSource, ZWhy } from "../ReasonDialog";
import type { Ticket } from "../../../../shared/api";

// The server's rules (ZSlaOverride, ZQueuePlacement) with hours where the API counts business minutes.
const ZForm = ZWhy.extend({
  target: ZSlaOverride.shape.target.optional(),
  hours: z.number().min(0.25).max(16_000).optional(),
});

/** Better or worse treatment than the policy gives: a target's time changed, or the top of the queue. */
export function OverrideDialog({
  kind,
  ticket,
  onCancel,
  onDone,
}: {
  kind: "sla" | "queue";
  ticket: Ticket;
  onCancel: () => void;
  onDone: (pending: boolean) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const override = useOverride(ticket.number);
  const targets = Object.entries(ticket.sla ?? {})
    .filter(([, c]) => !c.met_at)
    .map(([k]) => k as NonNullable<z.infer<typeof ZForm>["target"]>);
  const form = useForm({
    resolver: zodResolver(ZForm),
    defaultValues: { reason: "", source: "agent_judgement" as OverrideSource, target: targets[0], hours: 4 },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) =>
    override.mutate(
      kind === "sla"
        ? {
            kind,
            target: v.target ?? "",
            business_minutes: Math.round((v.hours ?? 0) * 60),
            reason: v.reason,
            source: v.source,
          }
        : { kind, reason: v.reason, source: v.source },
      { onSuccess: (r) => onDone(r.status === "pending") },
    ),
  );
  return (
    <Dialog
      title={kind === "sla" ? t("overrides.change_target") : t("overrides.place_top")}
      onClose={onCancel}
      onSubmit={submit}
    >
      <p className="muted">{t("priority_dialog.why")}</p>
      {kind === "sla" && (
        <>
          <label>
            {t("overrides.target")}
            <select {...form.register("target")}>
              {targets.map((k) => (
                <option key={k} value={k}>
                  {t(`sla.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("overrides.hours")}
            <input
              type="number"
              min={0.25}
              step={0.25}
              aria-invalid={!!errors.hours}
              {...form.register("hours", { valueAsNumber: true })}
            />
          </label>
          <FieldMessage id={`${id}-hours`} error={errors.hours} field={t("overrides.hours")} />
        </>
      )}
      <label>
        {t("priority_dialog.reason")}
        <textarea autoFocus aria-invalid={!!errors.reason} {...form.register("reason")} />
      </label>
      <FieldMessage id={`${id}-reason`} error={errors.reason} field={t("priority_dialog.reason")} min={3} />
      <label>
        {t("priority_dialog.source")}
        <select {...form.register("source")}>
          {OVERRIDE_SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`sources.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <FormError error={override.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={override.isPending}>
          {t("common.apply")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </Dialog>
  );
}
