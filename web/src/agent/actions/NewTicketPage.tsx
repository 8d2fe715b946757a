import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ZCreateTicket } from "../../../../shared/schemas";
import { navigate } from "../../router";
import { FieldMessage, FormError } from "../../ui";
import { useCreateTicket, useCustomerLookup } from "./queries";

const CHANNELS = ["phone", "email", "web"] as const;
/** The form's fields: the shared schema's rules, with the requester flattened into two inputs. */
const ZForm = z.object({
  email: ZCreateTicket.shape.requester.shape.email,
  name: z.string().trim().max(200),
  subject: ZCreateTicket.shape.subject,
  body_text: z.string().trim().min(1).max(1_000_000),
  channel: z.enum(CHANNELS),
  send_to_customer: z.boolean(),
});
type Form = z.infer<typeof ZForm>;

/**
 * A ticket an agent opens: a phone call (recorded as the customer's words, nothing emailed) or a first email the
 * agent writes to a customer, for an existing customer (suggested as their name or address is typed) or a new one.
 */
export function NewTicketPage() {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateTicket();
  const form = useForm<Form>({
    resolver: zodResolver(ZForm),
    defaultValues: { email: "", name: "", subject: "", body_text: "", channel: "phone", send_to_customer: false },
  });
  const { errors } = form.formState;
  const [lookup, setLookup] = useState("");
  const found = useCustomerLookup(lookup).data ?? [];
  const email = form.watch("email");
  const known = found.find((c) => c.email === email.trim().toLowerCase());
  const channel = form.watch("channel");
  useEffect(() => {
    document.title = `${t("actions.new_title")} · Sportello`;
  }, [t]);

  const submit = form.handleSubmit(async (v) => {
    const ticket = await create.mutateAsync({
      subject: v.subject,
      body_text: v.body_text,
      requester: { email: v.email, ...(v.name && !known ? { name: v.name } : {}) },
      channel: v.channel,
      send_to_customer: v.send_to_customer,
    });
    navigate(`/tickets/${ticket.number}`);
  });

  return (
    <section className="new-ticket" aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>{t("actions.new_title")}</h1>
      <form className="card admin-form" onSubmit={(e) => void submit(e)} noValidate data-testid="new-ticket">
        <label htmlFor={`${id}-email`}>{t("actions.customer_email")}</label>
        <input
          id={`${id}-email`}
          type="email"
          list={`${id}-customers`}
          autoComplete="off"
          placeholder={t("actions.find_customer")}
          aria-describedby={`${id}-email-e`}
          {...form.register("email", {
            onChange: (e: React.ChangeEvent<HTMLInputElement>) => setLookup(e.target.value),
          })}
        />
        <datalist id={`${id}-customers`}>
          {found.map((c) => (
            <option key={c.id} value={c.email}>
              {c.name ?? c.email}
            </option>
          ))}
        </datalist>
        <FieldMessage id={`${id}-email-e`} error={errors.email} field={t("actions.customer_email")} />
        {known ? (
          <p className="muted small" data-testid="known-customer">
            {t("actions.existing", { name: known.name ?? known.email })}
          </p>
        ) : (
          <>
            <label htmlFor={`${id}-name`}>{t("actions.customer_name")}</label>
            <input id={`${id}-name`} {...form.register("name")} />
          </>
        )}
        <label htmlFor={`${id}-channel`}>{t("actions.channel")}</label>
        <select id={`${id}-channel`} {...form.register("channel")}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`actions.channels.${c}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-subject`}>{t("actions.subject")}</label>
        <input id={`${id}-subject`} aria-describedby={`${id}-subject-e`} {...form.register("subject")} />
        <FieldMessage id={`${id}-subject-e`} error={errors.subject} field={t("actions.subject")} />
        <label htmlFor={`${id}-body`}>{t("actions.message")}</label>
        <textarea id={`${id}-body`} rows={6} aria-describedby={`${id}-body-e`} {...form.register("body_text")} />
        <FieldMessage id={`${id}-body-e`} error={errors.body_text} field={t("actions.message")} />
        <label className="check">
          <input type="checkbox" {...form.register("send_to_customer")} />
          {t("actions.send_to_customer")}
        </label>
        {!form.watch("send_to_customer") && channel && <p className="muted small">{t("actions.phone_hint")}</p>}
        <FormError error={create.error} />
        <div className="row">
          <button type="submit" className="primary" disabled={create.isPending}>
            {t("actions.create")}
          </button>
        </div>
      </form>
    </section>
  );
}
