import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AGENT_TIERS } from "../../../../shared/enums";
import { ZTeamInput } from "../../../../shared/schemas";
import { FormError } from "../../ui";
import { useAgents } from "../queries";
import type { Team } from "../../../../shared/api";
import { CreateForm, type Field } from "./CreateForm";
import { numberOrUndefined } from "./fields";
import { useAdminRequest } from "./queries";
import { ResourcePage } from "./ResourcePage";

const LIST = "/api/v1/teams?limit=200";
const ZForm = ZTeamInput.pick({ name: true, tier: true, auto_assign: true }).extend({
  capacity: numberOrUndefined(ZTeamInput.shape.capacity.unwrap().optional()),
});

/** Teams: their tier, round-robin assignment and its capacity, and their members (edited in place). */
export function TeamsPage() {
  const { t } = useTranslation();
  const fields: Field[] = [
    { name: "name", required: true },
    { name: "tier", options: AGENT_TIERS.map((v) => ({ value: v, label: t(`tiers.${v}`) })) },
    { name: "auto_assign", type: "checkbox" },
    { name: "capacity", type: "number" },
  ];
  return (
    <ResourcePage<Team>
      name="teams"
      editForm={(r, close) => (
        <CreateForm url={`/api/v1/teams/${r.id}`} schema={ZForm} fields={fields} edit={{ values: r, onDone: close }} />
      )}
      list={LIST}
      columns={[
        { key: "name" },
        { key: "tier", render: (r) => t(`tiers.${r.tier}`) },
        {
          key: "auto_assign",
          render: (r) => (r.auto_assign ? `${t("admin.teams.round_robin")} (${r.capacity})` : "—"),
        },
        { key: "member_ids", render: (r) => <TeamMembers team={r} /> },
      ]}
    >
      <CreateForm url="/api/v1/teams" schema={ZForm} fields={fields} />
    </ResourcePage>
  );
}

/** A team's members, editable in place. */
function TeamMembers({ team }: { team: Team }) {
  const { t } = useTranslation();
  const agents = useAgents().data ?? [];
  const [chosen, setChosen] = useState<number[]>(team.member_ids);
  const save = useAdminRequest();
  return (
    <div className="row">
      <label className="sr-only" htmlFor={`members-${team.id}`}>
        {t("fields.member_ids")}
      </label>
      <select
        id={`members-${team.id}`}
        multiple
        size={Math.min(4, Math.max(2, agents.length))}
        value={chosen.map(String)}
        onChange={(e) => {
          setChosen(Array.from(e.target.selectedOptions).map((o) => Number(o.value)));
          save.reset();
        }}
      >
        {agents
          .filter((a) => a.active || chosen.includes(a.id))
          .map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
      </select>
      <button
        onClick={() => save.mutate({ method: "PATCH", url: `/api/v1/teams/${team.id}`, body: { member_ids: chosen } })}
      >
        {t("admin.save")}
      </button>
      {save.isSuccess && (
        <span className="notice" role="status">
          {t("admin.saved")}
        </span>
      )}
      <FormError error={save.error} />
    </div>
  );
}
