import { useTranslation } from "react-i18next";
import { DirectoryList } from "./DirectoryList";
import { useOrganizations } from "./queries";

/** Every organization, or those whose name has words starting with the words typed. */
export function OrganizationsPage({ q }: { q: string }) {
  const { t } = useTranslation();
  return (
    <DirectoryList
      path="/organizations"
      q={q}
      title={t("people.organizations")}
      searchLabel={t("people.find_organizations")}
      empty={t("people.no_organizations")}
      list={useOrganizations(q)}
      name={(o) => o.name}
      columns={[
        { header: t("people.plan"), cell: (o) => o.support_plan.name ?? "—" },
        { header: t("people.tier"), cell: (o) => o.support_plan.tier ?? "—" },
      ]}
    />
  );
}
