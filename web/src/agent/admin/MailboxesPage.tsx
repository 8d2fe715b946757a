import { useTranslation } from "react-i18next";
import { z } from "zod";
import { formatDateTime } from "../../i18n";
import { linkProps } from "../../router";
import { useTeams } from "../queries";
import type { Mailbox } from "../../../../shared/api";
import { CreateForm } from "./CreateForm";
import { blankToNull, numberOrUndefined } from "./fields";
import { ResourcePage } from "./ResourcePage";

const LIST = "/api/v1/mailboxes";
const text = z.string().trim();
// The API's rule (ZMailboxInput in server/modules/email/mailboxes.service.ts, not in shared/ yet), flattened for
// a form: the IMAP fields are all or nothing, and moving after reading needs a folder. Messages are locale keys.
const ZForm = z
  .object({
    address: text.toLowerCase().email(),
    display_name: blankToNull(text.max(200).nullable()),
    team_id: z.string().transform((v) => (v ? Number(v) : null)),
    imap_host: text.max(255),
    imap_user: text.max(255),
    imap_password: z.string().max(1000),
    imap_security: z.enum(["tls", "none"]),
    imap_port: numberOrUndefined(z.number().int().min(1).max(65535).optional()),
    imap_folder: text.max(255),
    imap_after: z.enum(["flag", "move", "none"]),
    imap_move_to: text.max(255),
  })
  .superRefine((v, ctx) => {
    if (v.imap_host && (!v.imap_user || !v.imap_password))
      ctx.addIssue({ code: "custom", path: ["imap_user"], message: "admin.mailboxes.imap_incomplete" });
    if (v.imap_host && v.imap_after === "move" && !v.imap_move_to)
      ctx.addIssue({ code: "custom", path: ["imap_move_to"], message: "admin.mailboxes.move_to_needed" });
  });

/** Left empty, port and folder take the API's defaults (993 with TLS, 143 without; INBOX). */
const toBody = (v: z.output<typeof ZForm>) => ({
  address: v.address,
  display_name: v.display_name,
  team_id: v.team_id,
  ...(v.imap_host
    ? {
        imap: {
          host: v.imap_host,
          user: v.imap_user,
          password: v.imap_password,
          secure: v.imap_security !== "none",
          port: v.imap_port,
          folder: v.imap_folder || undefined,
          after: v.imap_after,
          move_to: v.imap_move_to || undefined,
        },
      }
    : {}),
});

/** The addresses customers write to, fetched over IMAP or received by the built-in SMTP server. */
export function MailboxesPage() {
  const { t } = useTranslation();
  const teams = useTeams().data ?? [];
  // An IMAP mailbox's fetch job in words: not run yet, or how its last run ended and when.
  const fetchState = (imap: NonNullable<Mailbox["imap"]>) =>
    imap.status
      ? t(`admin.mailboxes.status_${imap.status}`, { when: formatDateTime(imap.last_fetch_at) })
      : t("admin.mailboxes.status_never");
  const choices = (name: string, values: string[]) => values.map((v) => ({ value: v, label: t(`${name}.${v}`) }));
  return (
    <ResourcePage<Mailbox>
      name="mailboxes"
      list={LIST}
      columns={[
        { key: "address" },
        { key: "display_name", render: (r) => r.display_name ?? "—" },
        {
          key: "imap",
          render: (r) =>
            r.imap ? `${r.imap.user}@${r.imap.host} · ${fetchState(r.imap)}` : t("admin.mailboxes.smtp_only"),
        },
        {
          key: "last_error",
          render: (r) => (r.imap?.last_error ? <span className="error">{r.imap.last_error}</span> : "—"),
        },
      ]}
      action={{
        label: () => t("admin.delete"),
        request: (r) => ({ method: "DELETE", url: `${LIST}/${r.id}` }),
      }}
      aside={
        <p>
          <a {...linkProps("/admin/templates")}>{t("mail_templates.open")}</a>
        </p>
      }
    >
      <CreateForm
        url={LIST}
        schema={ZForm}
        toBody={toBody}
        fields={[
          { name: "address", type: "email", required: true },
          { name: "display_name" },
          {
            name: "team_id",
            options: [{ value: "", label: "—" }, ...teams.map((x) => ({ value: String(x.id), label: x.name }))],
          },
          { name: "imap_host" },
          { name: "imap_user" },
          { name: "imap_password", type: "password" },
          { name: "imap_security", options: choices("imap_security", ["tls", "none"]) },
          { name: "imap_port", type: "number" },
          { name: "imap_folder" },
          { name: "imap_after", options: choices("imap_after", ["flag", "move", "none"]) },
          { name: "imap_move_to" },
        ]}
      />
    </ResourcePage>
  );
}
