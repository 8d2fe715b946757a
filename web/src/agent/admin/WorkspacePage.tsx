import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LANGUAGES } from "../../../../shared/enums";
import { ZWorkspaceUpdate } from "../../../../shared/schemas";
import { FieldMessage, FormError } from "../../ui";
import type { Workspace } from "../../../../shared/api";
import { blankToNull, numberOrNull, wordList } from "./fields";
import { useAdminObject, useSaveObject } from "./queries";

const URL = "/api/v1/workspace";
const shape = ZWorkspaceUpdate.shape;
const ZForm = z.object({
  name: shape.name.unwrap(),
  default_language: shape.default_language.unwrap(),
  timezone: shape.timezone.unwrap().min(1),
  support_address: blankToNull(shape.support_address.unwrap()),
  portal_reopen_days: numberOrNull(shape.portal_reopen_days.unwrap()),
  form_frame_origins: wordList(shape.form_frame_origins.unwrap()),
  undo_send_seconds: numberOrNull(shape.undo_send_seconds.unwrap()),
});

/**
 * The workspace's name, language, time zone, support address, how long a solved request can be reopened, and
 * which sites may show the web form in a frame.
 */
export function WorkspacePage() {
  const { t } = useTranslation();
  const workspace = useAdminObject<Workspace>(URL).data;
  if (!workspace) return <p className="muted">{t("common.loading")}</p>;
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.workspace.title")}</h1>
      <WorkspaceForm w={workspace} />
    </section>
  );
}

function WorkspaceForm({ w }: { w: Workspace }) {
  const { t } = useTranslation();
  const save = useSaveObject<Workspace, z.output<typeof ZForm>>(URL, "PATCH");
  const form = useForm({
    resolver: zodResolver(ZForm),
    defaultValues: {
      name: w.name,
      default_language: w.default_language,
      timezone: w.timezone,
      support_address: w.support_address ?? "",
      portal_reopen_days: String(w.portal_reopen_days),
      form_frame_origins: w.form_frame_origins.join(", "),
      undo_send_seconds: String(w.undo_send_seconds),
    },
  });
  const { errors } = form.formState;
  const field = (name: keyof typeof errors, label: string) => (
    <FieldMessage id={`ws-${name}`} error={errors[name]} field={label} />
  );
  return (
    <form className="card admin-form" noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))}>
      <label>
        {t("fields.name")}
        <input {...form.register("name")} />
      </label>
      {field("name", t("fields.name"))}
      <label>
        {t("fields.default_language")}
        <select {...form.register("default_language")}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {l === "it" ? "Italiano" : "English"}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("fields.timezone")}
        <input {...form.register("timezone")} />
      </label>
      {field("timezone", t("fields.timezone"))}
      <label>
        {t("fields.support_address")}
        <input type="email" {...form.register("support_address")} />
      </label>
      {field("support_address", t("fields.support_address"))}
      <label>
        {t("fields.portal_reopen_days")}
        <input type="number" min={0} max={365} {...form.register("portal_reopen_days")} />
      </label>
      {field("portal_reopen_days", t("fields.portal_reopen_days"))}
      <label>
        {t("fields.form_frame_origins")}
        <input placeholder="https://www.example.com" {...form.register("form_frame_origins")} />
      </label>
      {field("form_frame_origins", t("fields.form_frame_origins"))}
      <label>
        {t("fields.undo_send_seconds")}
        <input type="number" min={0} max={30} {...form.register("undo_send_seconds")} />
      </label>
      {field("undo_send_seconds", t("fields.undo_send_seconds"))}
      {save.isSuccess && (
        <p className="notice" role="status">
          {t("admin.saved")}
        </p>
      )}
      <FormError error={save.error} />
      <button type="submit" className="primary">
        {t("admin.save")}
      </button>
    </form>
  );
}
