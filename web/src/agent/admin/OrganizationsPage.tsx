import { useTranslation } from "react-i18next";
import { ZOrganizationInput } from "../../../../shared/schemas";
import type { Organization } from "../../../../shared/api";
import { CreateForm } from "./CreateForm";
import { blankToNull, numberOrNull } from "./fields";
import { ResourcePage, yes } from "./ResourcePage";

const LIST = "/api/v1/organizations?limit=200";
const ZForm = ZOrganizationInput.pick({ name: true, portal_shared: true }).extend({
  plan_name: blankToNull(ZOrganizationInput.shape.plan_name),
  plan_tier: numberOrNull(ZOrganizationInput.shape.plan_tier),
});

/** Customers' companies: their support plan and whether colleagues share requests in the portal. */
export function OrganizationsPage() {
  useTranslation();
  return (
    <ResourcePage<Organization>
      name="organizations"
      list={LIST}
      columns={[
        { key: "name" },
        { key: "plan_name", render: (r) => r.support_plan.name ?? "—" },
        { key: "plan_tier", render: (r) => r.support_plan.tier ?? "—" },
        { key: "portal_shared", render: (r) => yes(r.portal_shared) },
      ]}
    >
      <CreateForm
        url="/api/v1/organizations"
        schema={ZForm}
        fields={[
          { name: "name", required: true },
          { name: "plan_name" },
          { name: "plan_tier", type: "number" },
          { name: "portal_shared", type: "checkbox" },
        ]}
      />
    </ResourcePage>
  );
}
