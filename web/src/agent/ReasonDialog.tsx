import { zodResolver } from "@hookform/resolvers/zod";
import { useId } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { OVERRIDE_SOURCES } from "../../../shared/enums";
import { ZQueuePlacement } from "../../../shared/schemas";
import { Dialog } from "../ui";
import { FieldMessage } from "../ui/form";

export type OverrideSource = (typeof OVERRIDE_SOURCES)[number];
/** Why and who asked: the same rule as every override the server records (a reason of 3 characters or more). */
export const ZWhy = ZQueuePlacement.pick({ reason: true, source: true });

/** Asks why a ticket gets a treatment other than its policy (a priority change, an assignment outside the rules) and who asked. */
export function ReasonDialog({
  title,
  confirm,
  onCancel,
  onConfirm,
}: {
  title: string;
  confirm: string;
  onCancel: () => void;
  onConfirm: (reason: string, source: OverrideSource) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const form = useForm({
    resolver: zodResolver(ZWhy),
    defaultValues: { reason: "", source: "agent_judgement" as OverrideSource },
  });
  const reasonError = form.formState.errors.reason;
  return (
    <Dialog title={title} onClose={onCancel} onSubmit={form.handleSubmit((v) => onConfirm(v.reason, v.source))}>
      <p className="muted">{t("priority_dialog.why")}</p>
      <label>
        {t("priority_dialog.reason")}
        <textarea
          autoFocus
          aria-invalid={!!reasonError}
          aria-describedby={reasonError ? `${id}-reason` : undefined}
          {...form.register("reason")}
        />
      </label>
      <FieldMessage id={`${id}-reason`} error={reasonError} field={t("priority_dialog.reason")} min={3} />
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
      <div className="row">
        <button type="submit" className="primary">
          {confirm}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </Dialog>
  );
}
