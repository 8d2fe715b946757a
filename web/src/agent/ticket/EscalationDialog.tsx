import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { ZEscalate } from "../../../../shared/schemas";
import { Dialog, FieldMessage, FormError } from "../../ui";
import { useEscalate, useEscalationReasons } from "../queries";
import type { Ticket } from "../../../../shared/api";

// ZEscalate's rules; going back (ZDeescalate) asks the same note and no reason code.
const ZForm = ZEscalate.pick({ note: true }).extend({ reason_code: ZEscalate.shape.reason_code.optional() });

/** To the specialists with a reason code and a note for them, or back to the first line with a note. */
export function EscalationDialog({
  ticket,
  onCancel,
  onDone,
}: {
  ticket: Ticket;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const up = ticket.tier !== "specialist";
  const reasons = (useEscalationReasons(up).data ?? []).filter((x) => x.active);
  const escalate = useEscalate(ticket.number);
  const form = useForm({ resolver: zodResolver(ZForm), defaultValues: { note: "", reason_code: "" } });
  const { errors } = form.formState;
  // The reasons arrive after the form: the first is chosen, as the select shows it.
  useEffect(() => {
    if (reasons[0] && !form.getValues("reason_code")) form.setValue("reason_code", reasons[0].code);
  }, [reasons, form]);
  const submit = form.handleSubmit((v) =>
    escalate.mutate(up ? { up, reason_code: v.reason_code ?? "", note: v.note } : { up, note: v.note }, {
      onSuccess: onDone,
    }),
  );
  return (
    <Dialog title={up ? t("escalation.title") : t("escalation.back_title")} onClose={onCancel} onSubmit={submit}>
      <p className="muted">{up ? t("escalation.why") : t("escalation.back_why")}</p>
      {up && (
        <label>
          {t("escalation.reason")}
          <select {...form.register("reason_code")}>
            {reasons.map((r) => (
              <option key={r.code} value={r.code}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {up && reasons.length === 0 && <p className="warning">{t("escalation.no_reasons")}</p>}
      <label>
        {t("escalation.note")}
        <textarea autoFocus aria-invalid={!!errors.note} {...form.register("note")} />
      </label>
      <FieldMessage id={`${id}-note`} error={errors.note} field={t("escalation.note")} min={3} />
      <FormError error={escalate.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={escalate.isPending}>
          {up ? t("escalation.escalate") : t("escalation.back")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </Dialog>
  );
}
