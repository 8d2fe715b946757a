import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TicketStatus } from "../../../../shared/enums";
import { agentSocket, sendAgent, usePush } from "../../realtime";
import { Composer, type ComposerHandle, Confirm, type Draft } from "../../ui";
import { useSendMessage } from "../queries";
import { useDraft } from "./drafts";
import { MacroPicker } from "./MacroPicker";
import { useMentions } from "./mentions";
import { useUndoSend } from "./undo-send";
import type { Message } from "../../../../shared/api";

/**
 * The agent's composer on a ticket: replies and internal notes, sent as they are or with a status (waiting
 * for the customer, solved). When another agent replies to the customer while this one has a draft, it says so,
 * and asks before a reply goes out anyway.
 */
export function ReplyComposer({
  ref,
  number,
  meId,
  requester,
}: {
  ref: React.RefObject<ComposerHandle | null>;
  number: number;
  meId: number;
  /** Whom a reply goes to (the requester's address), said above the text. */
  requester: string | null;
}) {
  const { t } = useTranslation();
  const send = useSendMessage(number);
  const draft = useDraft(number);
  const mentions = useMentions(ref);
  const undoSend = useUndoSend(number, ref);
  const [collision, setCollision] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const confirmed = useRef(false);

  usePush(agentSocket, (m) => {
    if (m.type !== "message.created" || m.ticket_number !== number) return;
    const msg = m.message as Message;
    if (!msg.internal && msg.author.type === "agent" && msg.author.id !== meId && ref.current?.hasDraft())
      setCollision(msg.author.name ?? "?");
  });

  async function post(d: Draft, status: string) {
    if (collision && !d.internal && !confirmed.current) {
      setConfirming(status);
      return false;
    }
    confirmed.current = false;
    await draft.settle();
    // A public reply waits for the undo window (the server holds it); a note is written at once.
    if (!d.internal) {
      await undoSend.hold(
        {
          body_text: d.text,
          attachment_ids: d.attachment_ids,
          ...(status ? { status: status as TicketStatus } : {}),
        },
        d.files,
      );
      setCollision(null);
      return;
    }
    await send.mutateAsync({
      body_text: d.text,
      internal: d.internal,
      attachment_ids: d.attachment_ids,
      ...(status ? { status: status as TicketStatus } : {}),
    });
    setCollision(null);
  }

  return (
    <>
      <Composer
        handle={ref}
        id="composer-text"
        label={t("composer.label")}
        notes={{
          reply: t("composer.reply"),
          note: t("composer.note"),
          replyPlaceholder: t("composer.reply_placeholder"),
          notePlaceholder: t("composer.note_placeholder"),
          replyLine: requester ? t("draft.reply_line", { to: requester }) : t("draft.reply_line_unknown"),
          noteLine: t("draft.note_line"),
          toNote: t("draft.to_note"),
          toReply: t("draft.to_reply"),
          switchLabel: t("draft.switch"),
        }}
        restore={draft.saved ? { text: draft.saved.body_text, internal: draft.saved.internal } : null}
        onDraft={draft.change}
        onCaret={mentions.onCaret}
        onTextKey={mentions.onTextKey}
        uploadUrl="/api/v1/attachments"
        sends={(internal) =>
          internal
            ? [{ key: "", label: t("composer.add_note"), testId: "send" }]
            : [
                { key: "", label: t("composer.send"), testId: "send" },
                { key: "pending", label: t("composer.send_pending") },
                { key: "solved", label: t("composer.send_solved") },
              ]
        }
        onSend={post}
        onTyping={() => sendAgent({ type: "typing", ticket_number: number })}
      >
        {(internal) => (
          <>
            <MacroPicker composer={ref} number={number} />
            {internal && mentions.list}
            {undoSend.banner}
            {collision && !internal && (
              <p className="warning" role="alert" data-testid="collision">
                {t("composer.collision", { name: collision })}{" "}
                <button type="button" className="link" onClick={() => setCollision(null)}>
                  {t("common.dismiss")}
                </button>
              </p>
            )}
            <p className="small muted draft-state" aria-live="polite" data-testid="draft-state">
              {[
                draft.state === "saved" ? t("draft.saved") : draft.state === "failed" ? t("draft.failed") : "",
                ...draft.colleagues.map((c) => t("draft.colleague", { name: c.agent.name })),
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
          </>
        )}
      </Composer>
      {confirming !== null && (
        <Confirm
          title={t("composer.collision_confirm")}
          confirmLabel={t("composer.send_anyway")}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const status = confirming;
            setConfirming(null);
            confirmed.current = true;
            void ref.current?.send(status);
          }}
        />
      )}
    </>
  );
}
