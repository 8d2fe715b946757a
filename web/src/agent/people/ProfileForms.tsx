import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { type Resolver, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Customer } from "../../../../shared/api";
import { ZCustomerInput } from "../../../../shared/schemas";
import { FieldMessage, FormError } from "../../ui";
import { blankToNull } from "../admin/fields";

// The profile's forms. Their rules are the shared schemas', so a wrong email is caught here and in the API alike;
// what the API refuses (an email another customer has) is shown by its code, in the agent's language.

const ZContact = z.object({
  name: blankToNull(ZCustomerInput.shape.name),
  email: ZCustomerInput.shape.email,
  phone: blankToNull(ZCustomerInput.shape.phone),
  language: blankToNull(ZCustomerInput.shape.language),
});
type ContactIn = { name: string; email: string; phone: string; language: string };

/** What a form needs of a mutation (method syntax: a mutation that takes a wider body fits). */
interface Save<B> {
  mutate(body: B, opts: { onSuccess: () => void }): void;
  error: unknown;
  isPending: boolean;
}

export function ContactForm({
  customer,
  update,
}: {
  customer: Customer;
  update: Save<{ name?: string | null; email?: string; phone?: string | null; language?: "it" | "en" | null }>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [saved, setSaved] = useState(false);
  const form = useForm<ContactIn, unknown, z.output<typeof ZContact>>({
    resolver: zodResolver(ZContact) as unknown as Resolver<ContactIn, unknown, z.output<typeof ZContact>>,
    values: {
      name: customer.name ?? "",
      email: customer.email,
      phone: customer.phone ?? "",
      language: customer.language ?? "",
    },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) => {
    setSaved(false);
    update.mutate(v, { onSuccess: () => setSaved(true) });
  });
  const field = (name: "name" | "email" | "phone", type = "text") => (
    <label>
      {t(`fields.${name}`)}
      <input
        type={type}
        aria-invalid={!!errors[name]}
        aria-describedby={errors[name] ? `${id}-${name}` : undefined}
        {...form.register(name)}
      />
      <FieldMessage id={`${id}-${name}`} error={errors[name]} field={t(`fields.${name}`)} />
    </label>
  );
  return (
    <form className="profile-form" onSubmit={submit} noValidate>
      {field("name")}
      {field("email", "email")}
      {field("phone", "tel")}
      <label>
        {t("fields.language")}
        <select {...form.register("language")}>
          <option value="">—</option>
          <option value="it">Italiano</option>
          <option value="en">English</option>
        </select>
      </label>
      <FormError error={update.error} />
      <div className="row">
        <button className="primary" type="submit" disabled={update.isPending}>
          {t("people.save")}
        </button>
        {saved && !update.isPending && (
          <span className="notice small" role="status">
            {t("people.saved")}
          </span>
        )}
      </div>
    </form>
  );
}

/** A free text about the customer or the organization, saved as a whole. */
export function NotesForm({
  notes,
  hint,
  save,
}: {
  notes: string | null;
  hint: string;
  save: Save<{ notes: string | null }>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [saved, setSaved] = useState(false);
  const form = useForm<{ notes: string }>({ values: { notes: notes ?? "" } });
  const submit = form.handleSubmit((v) => {
    setSaved(false);
    save.mutate({ notes: v.notes.trim() || null }, { onSuccess: () => setSaved(true) });
  });
  return (
    <form className="profile-form" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-notes`} className="sr-only">
        {t("fields.notes")}
      </label>
      <textarea
        id={`${id}-notes`}
        rows={5}
        maxLength={10_000}
        aria-describedby={`${id}-hint`}
        {...form.register("notes")}
      />
      <p className="muted small" id={`${id}-hint`}>
        {hint}
      </p>
      <FormError error={save.error} />
      <div className="row">
        <button className="primary" type="submit" disabled={save.isPending}>
          {t("people.save")}
        </button>
        {saved && !save.isPending && (
          <span className="notice small" role="status">
            {t("people.saved")}
          </span>
        )}
      </div>
    </form>
  );
}
