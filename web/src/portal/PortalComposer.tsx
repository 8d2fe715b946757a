import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import { errorText } from "../errors";
import { formatDateTime } from "../i18n";
import { linkProps } from "../router";
import { lazyResolver } from "./resolvers";
import type { Request, RequestDetail } from "./types";

type Reply = { body_text: string; attachment_ids: number[] };
const resolver = lazyResolver<Reply>("reply");

/** The requester's reply to an open request, or the reopening of a solved one within its window. */
export function PortalComposer({ request, onSent }: { request: Request; onSent: (d: RequestDetail) => void }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<{ id: number; filename: string }[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setValue,
    formState: { errors },
  } = useForm<Reply>({ resolver, defaultValues: { body_text: "", attachment_ids: [] } });
  const solved = request.state === "solved";
  if (solved && !request.reopen_until)
    return (
      <p className="muted">
        {t("portal.closed_hint")} <a {...linkProps("/portal/new")}>{t("portal.new_request")}</a>
      </p>
    );
  async function upload(list: FileList | null) {
    for (const f of Array.from(list ?? [])) {
      try {
        const r = await api<{ id: number; filename: string }>(
          "POST",
          `/api/v1/portal/attachments?filename=${encodeURIComponent(f.name)}`,
          undefined,
          { raw: f, contentType: f.type },
        );
        setFiles((x) => [...x, r]);
      } catch (e) {
        setFailure(errorText(t, e));
      }
    }
  }
  const submit = handleSubmit(async (body) => {
    try {
      onSent(await api("POST", `/api/v1/portal/requests/${request.number}/${solved ? "reopen" : "messages"}`, body));
      reset();
      setFiles([]);
      setFailure(null);
    } catch (err) {
      setFailure(errorText(t, err));
    }
  });
  // The files uploaded so far go with the text, validated with it by the reply's schema.
  const send = (e: React.FormEvent) => {
    setValue(
      "attachment_ids",
      files.map((f) => f.id),
    );
    return submit(e);
  };
  const error = errors.body_text ? t("portal.write_something") : failure;
  return (
    <form className="card composer" onSubmit={send} noValidate aria-labelledby="reply-title">
      <h2 id="reply-title">{solved ? t("portal.reopen_title") : t("portal.reply_title")}</h2>
      {solved && (
        <p className="muted small">{t("portal.reopen_hint", { until: formatDateTime(request.reopen_until) })}</p>
      )}
      <label className="sr-only" htmlFor="portal-reply">
        {t("portal.reply_title")}
      </label>
      <textarea id="portal-reply" rows={4} aria-invalid={!!errors.body_text || undefined} {...register("body_text")} />
      {files.length > 0 && (
        <ul className="files">
          {files.map((f) => (
            <li key={f.id}>{f.filename}</li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary">
          {solved ? t("portal.reopen") : t("portal.send")}
        </button>
        <label className="file-button">
          {t("portal.attach")}
          <input type="file" multiple onChange={(e) => upload(e.target.files)} />
        </label>
      </div>
    </form>
  );
}
