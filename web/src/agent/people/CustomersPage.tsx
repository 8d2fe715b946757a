import { useTranslation } from "react-i18next";
import { DirectoryList } from "./DirectoryList";
import { useCustomers } from "./queries";

/** Every customer, or those whose name, email or phone starts with the words typed. */
export function CustomersPage({ q }: { q: string }) {
  const { t } = useTranslation();
  return (
    <DirectoryList
      path="/customers"
      q={q}
      title={t("people.customers")}
      searchLabel={t("people.find_customers")}
      empty={t("people.no_customers")}
      list={useCustomers(q)}
      name={(c) => c.name ?? t("people.no_name")}
      columns={[
        { header: t("fields.email"), cell: (c) => c.email },
        { header: t("fields.phone"), cell: (c) => c.phone ?? "—" },
      ]}
    />
  );
}
