import { useTranslation } from "react-i18next";
import { ApiError } from "../../api";
import { linkProps } from "../../router";
import type { Me, CustomerProfile as Profile } from "../../../../shared/api";
import { ContactForm, NotesForm } from "./ProfileForms";
import { useCustomerProfile, useCustomerTickets, useUpdateCustomer } from "./queries";
import { Ratings } from "./Ratings";
import { Tally } from "./Tally";
import { usePageTitle } from "./title";

/** One customer: contact details, organization and plan, every ticket, notes, and room for satisfaction and risk. */
export function CustomerProfile({ id, me }: { id: number; me: Me }) {
  const { t } = useTranslation();
  const profile = useCustomerProfile(id);
  const p = profile.data;
  usePageTitle(p ? (p.customer.name ?? p.customer.email) : null);
  if (profile.error instanceof ApiError && profile.error.status === 404) return <p>{t("people.not_found")}</p>;
  if (!p) return <p className="muted">{t("common.loading")}</p>;
  return (
    <article className="profile" aria-labelledby="profile-title">
      <header className="profile-head">
        <p className="muted small">
          <a {...linkProps("/customers")}>{t("people.customers")}</a>
        </p>
        <h1 id="profile-title">{p.customer.name ?? p.customer.email}</h1>
        <Tally tickets={p.tickets} />
      </header>
      <div className="profile-grid">
        <div>
          <Contact profile={p} />
          <CustomerTickets id={id} />
        </div>
        <div>
          <OrganizationCard profile={p} />
          <Notes profile={p} />
          <Ratings customerId={id} />
          {me.role !== "agent" && <PersonalData id={id} />}
        </div>
      </div>
    </article>
  );
}

function Contact({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const update = useUpdateCustomer(profile.customer.id);
  return (
    <section className="card" aria-labelledby="contact-title">
      <h2 id="contact-title">{t("people.contact")}</h2>
      <ContactForm customer={profile.customer} update={update} />
    </section>
  );
}

function Notes({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const update = useUpdateCustomer(profile.customer.id);
  return (
    <section className="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t("people.notes")}</h2>
      <NotesForm notes={profile.customer.notes} hint={t("people.notes_hint")} save={update} />
    </section>
  );
}

/** A data-subject request (GDPR): everything held about the customer, as a file; leads only, and recorded. */
function PersonalData({ id }: { id: number }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="personal-data-title">
      <h2 id="personal-data-title">{t("people.personal_data")}</h2>
      <p className="small muted">{t("people.export_hint")}</p>
      <a
        className="button-link"
        href={`/api/v1/customers/${id}/export?format=zip`}
        download
        data-testid="export-customer"
      >
        {t("people.export")}
      </a>
    </section>
  );
}

function OrganizationCard({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const o = profile.organization;
  return (
    <section className="card" aria-labelledby="org-title">
      <h2 id="org-title">{t("people.organization_plan")}</h2>
      {o ? (
        <>
          <p>
            <a {...linkProps(`/organizations/${o.id}`)} data-testid="profile-organization">
              {o.name}
            </a>
          </p>
          <p className="small">
            {o.support_plan.name
              ? `${t("people.plan")}: ${o.support_plan.name}${o.support_plan.tier !== null ? ` (${t("people.tier")} ${o.support_plan.tier})` : ""}`
              : t("people.no_plan")}
          </p>
        </>
      ) : (
        <p className="muted small">{t("people.no_organization")}</p>
      )}
    </section>
  );
}

function CustomerTickets({ id }: { id: number }) {
  const { t } = useTranslation();
  const list = useCustomerTickets(id);
  const rows = list.data?.pages.flatMap((p) => p.data) ?? null;
  return (
    <section className="card" aria-labelledby="tickets-title">
      <h2 id="tickets-title">{t("people.tickets")}</h2>
      {rows === null ? (
        <p className="muted small">{t("common.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="muted small">{t("people.no_tickets")}</p>
      ) : (
        <ul className="plain profile-tickets">
          {rows.map((r) => (
            <li key={r.number}>
              <a {...linkProps(`/tickets/${r.number}`)}>
                <span className="muted">#{r.number}</span> {r.subject}
              </a>{" "}
              <span className={`status status-${r.status}`}>{t(`status.${r.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t("people.more")}
        </button>
      )}
    </section>
  );
}
