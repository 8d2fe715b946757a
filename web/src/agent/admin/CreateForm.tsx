import { zodResolver } from "@hookform/resolvers/zod";
import { Fragment, useEffect, useId, useState } from "react";
import { type FieldValues, type Resolver, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { FieldMessage, FormError } from "../../ui";
import { useAdminRequest } from "./queries";

export interface Option {
  value: string;
  label: string;
}
export interface Field {
  name: string;
  type?: "text" | "email" | "password" | "number" | "checkbox" | "url";
  options?: Option[];
  multiple?: boolean;
  required?: boolean;
}

/**
 * The "add one" form of an admin page. Its rules are `schema`: a shared zod schema, with the text of the inputs
 * turned into what the API takes (./fields.ts); what it outputs is posted as it is, or through `toBody`.
 * `created` says what to show after (a token or a secret shown once).
 */
export function CreateForm<S extends z.ZodType<object, FieldValues>>({
  url,
  schema,
  fields,
  toBody,
  created,
  edit,
}: {
  url: string;
  schema: S;
  fields: Field[];
  toBody?: (v: z.output<S>) => object;
  created?: (r: unknown) => string | null;
  /** Editing one that exists: PATCH `url` with the form started on its values; `onDone` after it saved. */
  edit?: { values: Record<string, unknown>; onDone: () => void };
}) {
  const { t } = useTranslation();
  const id = useId();
  const request = useAdminRequest();
  const [done, setDone] = useState<string | null>(null);
  const blank = () =>
    Object.fromEntries(
      fields.map((f) => [
        f.name,
        f.type === "checkbox" ? false : f.multiple ? [] : f.options ? (f.options[0]?.value ?? "") : "",
      ]),
    );
  const form = useForm<FieldValues, unknown, z.output<S>>({
    resolver: zodResolver(schema) as unknown as Resolver<FieldValues, unknown, z.output<S>>,
    defaultValues: edit ? formValues(fields, edit.values) : blank(),
  });
  // Options fetched after the form (teams, calendars): the first is chosen, as the select shows it.
  useEffect(() => {
    for (const f of fields)
      if (f.options?.length && !f.multiple && form.getValues(f.name) === "") form.setValue(f.name, f.options[0].value);
  }, [fields, form]);
  const { errors } = form.formState;

  const submit = form.handleSubmit((v) =>
    request.mutate(
      { method: edit ? "PATCH" : "POST", url, body: toBody ? toBody(v) : v },
      {
        onSuccess: (r) => {
          if (edit) return edit.onDone();
          setDone(created?.(r) ?? t("admin.created"));
          form.reset(blank());
        },
        onError: () => setDone(null),
      },
    ),
  );
  return (
    <form className={edit ? "admin-form" : "card admin-form"} onSubmit={submit} noValidate>
      {!edit && <h2>{t("admin.add")}</h2>}
      {fields.map((f) => {
        const label = t(`fields.${f.name}`);
        const error = errors[f.name];
        const props = {
          "aria-invalid": !!error,
          "aria-describedby": error ? `${id}-${f.name}` : undefined,
          ...form.register(f.name),
        };
        return (
          <Fragment key={f.name}>
            <label className={f.type === "checkbox" ? "check" : undefined}>
              {label}
              {f.options ? (
                <select multiple={f.multiple} {...props}>
                  {f.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input type={f.type ?? "text"} required={f.required} {...props} />
              )}
            </label>
            <FieldMessage id={`${id}-${f.name}`} error={error} field={label} />
          </Fragment>
        );
      })}
      <FormError error={request.error} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <button type="submit" className="primary" disabled={request.isPending}>
        {edit ? t("admin.save") : t("admin.add")}
      </button>
    </form>
  );
}

/** An existing object's values as the form's inputs hold them: text for text, lists joined, options as strings. */
function formValues(fields: Field[], values: Record<string, unknown>): FieldValues {
  return Object.fromEntries(
    fields.map((f) => {
      const v = values[f.name];
      if (f.type === "checkbox") return [f.name, !!v];
      if (f.type === "password") return [f.name, ""];
      if (f.multiple) return [f.name, Array.isArray(v) ? v.map(String) : []];
      if (Array.isArray(v)) return [f.name, v.join(", ")];
      return [f.name, v === null || v === undefined ? "" : String(v)];
    }),
  );
}
