import { useTranslation } from "react-i18next";
import { AGENT_ROLES, AGENT_TIERS, LANGUAGES } from "../../../../shared/enums";
import { ZAgentInput } from "../../../../shared/schemas";
import type { Agent, Unlocked } from "../../../../shared/api";
import { CreateForm, type Field } from "./CreateForm";
import { blankToUndefined, listOr, wordList } from "./fields";
import { ResourcePage, yes } from "./ResourcePage";

const LIST = "/api/v1/agents?limit=200";
const ZForm = ZAgentInput.pick({ name: true, email: true, role: true, tier: true }).extend({
  skills: wordList(ZAgentInput.shape.skills),
  password: blankToUndefined(ZAgentInput.shape.password),
  // Routing matches the languages a customer writes in: nothing chosen is Italian, as the API's default.
  languages: listOr(["it"], ZAgentInput.shape.languages),
});
// The form starts on the least power: an agent, unless the admin picks another role.
const ROLES_LEAST_FIRST = [...AGENT_ROLES].reverse();
/** Editing: the same fields but the password (an agent sets their own, or resets it by email). */
const ZEdit = ZForm.omit({ password: true });

/** The team's people: role, tier, skills, whether they are in; add one, switch one off. */
export function AgentsPage() {
  const { t } = useTranslation();
  return (
    <ResourcePage<Agent>
      name="agents"
      list={LIST}
      columns={[
        { key: "name" },
        { key: "email" },
        { key: "role", render: (r) => t(`roles.${r.role}`) },
        { key: "tier", render: (r) => t(`tiers.${r.tier}`) },
        { key: "skills", render: (r) => r.skills.join(", ") || "—" },
        { key: "available", render: (r) => yes(r.available) },
        { key: "active", render: (r) => yes(r.active) },
      ]}
      editForm={(r, close) => (
        <CreateForm
          url={`/api/v1/agents/${r.id}`}
          schema={ZEdit}
          fields={fields(t).filter((f) => f.name !== "password")}
          edit={{ values: r, onDone: close }}
        />
      )}
      action={[
        {
          label: (r) => (r.active ? t("admin.deactivate") : t("admin.activate")),
          request: (r) => ({ method: "PATCH", url: `/api/v1/agents/${r.id}`, body: { active: !r.active } }),
        },
        {
          // Wrong passwords delay and then lock an agent's sign-in; an admin lifts it at once.
          label: () => t("admin.agents.unlock"),
          request: (r) => ({ method: "POST", url: `/api/v1/agents/${r.id}/unlock` }),
          done: (r, answer) =>
            t((answer as Unlocked).unlocked ? "admin.agents.unlocked" : "admin.agents.not_locked", { name: r.name }),
        },
      ]}
    >
      <CreateForm url="/api/v1/agents" schema={ZForm} fields={fields(t)} />
    </ResourcePage>
  );
}

function fields(t: (k: string) => string): Field[] {
  return [
    { name: "name", required: true },
    { name: "email", type: "email", required: true },
    { name: "role", options: ROLES_LEAST_FIRST.map((v) => ({ value: v, label: t(`roles.${v}`) })) },
    { name: "tier", options: AGENT_TIERS.map((v) => ({ value: v, label: t(`tiers.${v}`) })) },
    {
      name: "languages",
      multiple: true,
      options: LANGUAGES.map((v) => ({ value: v, label: t(`mail_templates.languages.${v}`) })),
    },
    { name: "skills" },
    { name: "password", type: "password" },
  ];
}
