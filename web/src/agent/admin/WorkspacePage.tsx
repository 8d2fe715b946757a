import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LANGUAGES } from "../../../../shared/enums";
import { ZWorkspaceUpdate } from "../../../../shared/schemas";
import { FieldMessage, FormError } from "../../ui";
import type { Workspace } from "../../../../shared/api";
import { brandColours, DEFAULT_BRAND } from "../../../../shared/brand";
import { api } from "../../api";
import { blankToNull, numberOrNull, wordList } from "./fields";
import { adminKeys, useAdminObject, useSaveObject } from "./queries";

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
  brand_color: blankToNull(shape.brand_color.unwrap()),
});

/**
 * The workspace's name, language, time zone, support address, how long a solved request can be reopened, and
 * which sites may show the web form in a frame; the help centre's colour and logo.
 */
export function WorkspacePage() {
  const { t } = useTranslation();
  const workspace = useAdminObject<Workspace>(URL).data;
  if (!workspace) return <p className="muted">{t("common.loading")}</p>;
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.workspace.title")}</h1>
      <WorkspaceForm w={workspace} />
      <LogoCard w={workspace} />
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
      brand_color: w.brand_color ?? "",
    },
  });
  // The colour typed so far, when it is one (#rrggbb): the picker and the preview follow it.
  const typed = String(form.watch("brand_color") ?? "");
  const colour = /^#[0-9a-f]{6}$/i.test(typed) ? typed.toLowerCase() : null;
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
      <label>
        {t("brand.colour")}
        <input placeholder={DEFAULT_BRAND} {...form.register("brand_color")} />
      </label>
      {field("brand_color", t("brand.colour"))}
      <label style={{ display: "flex", alignItems: "center", gap: 8, alignSelf: "flex-start" }}>
        {t("brand.pick")}{" "}
        <input
          type="color"
          style={{ width: "3rem", height: "2rem", padding: 0 }}
          value={colour ?? DEFAULT_BRAND}
          onChange={(e) => form.setValue("brand_color", e.target.value, { shouldDirty: true, shouldValidate: true })}
        />
      </label>
      <BrandPreview colour={colour} name={w.name} logo={w.logo_url} />
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

/** The help centre's header as it will look: the colour, the text chosen for contrast, the logo, a link. */
function BrandPreview({ colour, name, logo }: { colour: string | null; name: string; logo: string | null }) {
  const { t } = useTranslation();
  const { band, onBand, link } = brandColours(colour);
  return (
    <div role="group" aria-label={t("brand.preview")} className="brand-preview" style={{ background: "#fff" }}>
      <div
        style={{
          background: band,
          color: onBand,
          padding: "10px 14px",
          display: "flex",
          gap: 10,
          alignItems: "center",
        }}
      >
        {logo && (
          <img
            src={logo}
            alt=""
            style={{ height: 32, width: "auto", background: "#fff", borderRadius: 4, padding: 2 }}
          />
        )}
        <strong>
          {name} · {t("brand.preview_title")}
        </strong>
      </div>
      <p style={{ color: link, textDecoration: "underline", margin: 0, padding: "8px 14px" }}>
        {t("brand.preview_link")}
      </p>
    </div>
  );
}

/** The logo: uploaded as soon as it is chosen (PNG, JPEG, WebP up to 512 KB), shown, removable. */
function LogoCard({ w }: { w: Workspace }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: (file: File | null) => {
      if (!file) return api<Workspace>("DELETE", `${URL}/logo`);
      const form = new FormData();
      form.append("file", file);
      return api<Workspace>("PUT", `${URL}/logo`, undefined, { form });
    },
    onSuccess: (r) => client.setQueryData(adminKeys.list(URL), r),
  });
  return (
    <section className="card admin-form" aria-labelledby="logo-title">
      <h2 id="logo-title">{t("brand.logo_title")}</h2>
      <p className="muted" id="logo-hint">
        {t("brand.logo_hint")}
      </p>
      {w.logo_url ? (
        <img
          className="logo-preview"
          src={w.logo_url}
          alt={t("brand.current_logo")}
          style={{ height: 64, width: "auto", maxWidth: 240, alignSelf: "flex-start", objectFit: "contain" }}
        />
      ) : (
        <p>{t("brand.no_logo")}</p>
      )}
      <label>
        {t("brand.upload")}
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp"
          aria-describedby="logo-hint"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) change.mutate(file);
            e.target.value = "";
          }}
        />
      </label>
      {change.isSuccess && (
        <p className="notice" role="status">
          {change.variables ? t("brand.uploaded") : t("brand.removed")}
        </p>
      )}
      <FormError error={change.error} />
      {w.logo_url && (
        <button
          type="button"
          style={{ alignSelf: "flex-start" }}
          onClick={() => change.mutate(null)}
          disabled={change.isPending}
        >
          {t("brand.remove")}
        </button>
      )}
    </section>
  );
}
