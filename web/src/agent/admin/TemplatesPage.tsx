import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MailTemplate } from "../../../../shared/templates";
import { FormError } from "../../ui";
import { adminKeys, useAdminList } from "./queries";
import { TemplateEditor, templateKey as key } from "./TemplateEditor";

// Email templates: every kind in both languages, an editor with a live preview rendered by the server (the
// same code that renders the real emails), save and reset to the default text.

const LIST = "/api/v1/mail/templates";

export function TemplatesPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const query = useAdminList<MailTemplate>(LIST);
  const list = query.data ?? null;
  const [chosen, setChosen] = useState<string | null>(null);
  const current = list?.find((x) => key(x) === chosen) ?? null;

  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("mail_templates.title")}</h1>
      <p className="muted">{t("mail_templates.intro")}</p>
      <FormError error={query.error} />
      {list === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("mail_templates.kind")}</th>
                <th scope="col">{t("mail_templates.language")}</th>
                <th scope="col">{t("mail_templates.state")}</th>
                <th>
                  <span className="sr-only">{t("admin.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={key(x)} aria-current={key(x) === chosen ? "true" : undefined}>
                  <td>{t(`mail_templates.kinds.${x.kind}`)}</td>
                  <td>{t(`mail_templates.languages.${x.language}`)}</td>
                  <td>{x.is_default ? t("mail_templates.default") : t("mail_templates.edited")}</td>
                  <td>
                    <button
                      className="link"
                      onClick={() => setChosen(key(x))}
                      aria-label={t("mail_templates.edit_label", {
                        kind: t(`mail_templates.kinds.${x.kind}`),
                        language: t(`mail_templates.languages.${x.language}`),
                      })}
                    >
                      {t("mail_templates.edit")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">{t("mail_templates.auto_note")}</p>
      {current && (
        <TemplateEditor
          key={key(current)}
          template={current}
          onSaved={(saved) =>
            client.setQueryData<MailTemplate[]>(adminKeys.list(LIST), (l) =>
              l?.map((x) => (key(x) === key(saved) ? saved : x)),
            )
          }
        />
      )}
    </section>
  );
}
