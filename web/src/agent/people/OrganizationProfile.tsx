import { useTranslation } from "react-i18next";
import { ApiError } from "../../api";
import { linkProps } from "../../router";
import { NotesForm } from "./ProfileForms";
import { Ratings } from "./Ratings";
import { useMembers, useOrganizationProfile, useUpdateOrganization } from "./queries";
import { Tally } from "./Tally";
import { usePageTitle } from "./title";

/** One organization: its plan, its customers (each to their profile), its tickets counted, notes. */
export function OrganizationProfile({ id }: { id: number }) {
  const { t } = useTranslation();
  const profile = useOrganizationProfile(id);
  const members = useMembers(id).data ?? null;
  const update = useUpdateOrganization(id);
  const p = profile.data;
  usePageTitle(p?.organization.name);
  if (profile.error instanceof ApiError && profile.error.status === 404) return <p>{t("people.not_found")}</p>;
  if (!p) return <p className="muted">{t("common.loading")}</p>;
  const o = p.organization;
  return (
    <article className="profile" aria-labelledby="profile-title">
      <header className="profile-head">
        <p className="muted small">
          <a {...linkProps("/organizations")}>{t("people.organizations")}</a>
        </p>
        <h1 id="profile-title">{o.name}</h1>
        <Tally tickets={p.tickets} />
      </header>
      <div className="profile-grid">
        <div>
          <section className="card" aria-labelledby="plan-title">
            <h2 id="plan-title">{t("people.plan")}</h2>
            <p>
              {o.support_plan.name
                ? `${o.support_plan.name}${o.support_plan.tier !== null ? ` (${t("people.tier")} ${o.support_plan.tier})` : ""}`
                : t("people.no_plan")}
            </p>
            {o.portal_shared && <p className="small muted">{t("people.portal_shared")}</p>}
          </section>
          <section className="card" aria-labelledby="members-title">
            <h2 id="members-title">
              {t("people.members")} ({p.customers.toLocaleString()})
            </h2>
            {members === null ? (
              <p className="muted small">{t("common.loading")}</p>
            ) : members.length === 0 ? (
              <p className="muted small">{t("people.no_members")}</p>
            ) : (
              <ul className="plain">
                {members.map((c) => (
                  <li key={c.id}>
                    <a {...linkProps(`/customers/${c.id}`)}>{c.name ?? c.email}</a>{" "}
                    <span className="muted small">{c.email}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div>
          <section className="card" aria-labelledby="notes-title">
            <h2 id="notes-title">{t("people.notes")}</h2>
            <NotesForm notes={o.notes} hint={t("people.org_notes_hint")} save={update} />
          </section>
          <Ratings organizationId={id} />
        </div>
      </div>
    </article>
  );
}
