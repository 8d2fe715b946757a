import { useTranslation } from "react-i18next";
import type { MacroActions } from "../../../../shared/answers";
import type { Ticket } from "../../../../shared/api";
import type { UpdateTicket } from "../../../../shared/schemas";
import type { ComposerHandle } from "../../ui";
import { useTicket, useUpdateTicket } from "../queries";
import { renderMacro } from "./queries";

/** The ticket update a macro's actions ask for, leaving out what the ticket already has; null when nothing. */
export function actionsPatch(actions: MacroActions, ticket: Ticket, reason: string): UpdateTicket | null {
  const patch: UpdateTicket = {};
  if (actions.status && actions.status !== ticket.status) patch.status = actions.status;
  if (actions.priority && actions.priority !== ticket.priority) {
    patch.priority = actions.priority;
    patch.priority_reason = reason;
    patch.priority_source = "agent_judgement";
  }
  const added = (actions.tags ?? []).filter((tag) => !ticket.tags.includes(tag));
  if (added.length > 0) patch.tags = [...ticket.tags, ...added];
  if (actions.team_id && actions.team_id !== ticket.team?.id) patch.team_id = actions.team_id;
  return Object.keys(patch).length > 0 ? patch : null;
}

/**
 * Inserts a macro into the composer, rendered for the ticket in its customer's language (the server counts the
 * use), then applies its actions through the normal ticket update.
 */
export function useApplyMacro(number: number, composer: React.RefObject<ComposerHandle | null>) {
  const { t } = useTranslation();
  const ticket = useTicket(number).data;
  const update = useUpdateTicket(number);
  return async (macro: { id: number; name: string }, range?: { from: number; to: number }) => {
    const rendered = await renderMacro(macro.id, number);
    const area = composer.current?.textarea();
    const from = range?.from ?? area?.selectionStart ?? 0;
    const to = range?.to ?? area?.selectionEnd ?? from;
    composer.current?.insert(from, to, rendered.body_text);
    const patch = ticket
      ? actionsPatch(rendered.actions, ticket, t("macros.priority_reason", { name: macro.name }))
      : null;
    if (patch) await update.mutateAsync(patch);
  };
}
