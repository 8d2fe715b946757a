import { type ReactNode, useEffect, useId, useImperativeHandle, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText } from "../errors";
import { Confirm } from "./Confirm";
import { AttachButton, type Uploaded, UploadList, useUploads } from "./uploads";

export interface Draft {
  text: string;
  internal: boolean;
  attachment_ids: number[];
  /** The same files with their names, to put back if the message comes back (an undone send). */
  files: Uploaded[];
}

/** One way to send: the first is the form's submit button. */
export interface SendOption {
  key: string;
  label: string;
  testId?: string;
}

export interface ComposerHandle {
  /** Puts the cursor in the text, as a note or a reply when the composer has both. */
  focus(asNote?: boolean): void;
  hasDraft(): boolean;
  /** Sends the draft as `key` does (after a confirmation the caller asked for). */
  send(key: string): Promise<void>;
  /** The text box, for helpers that read what is typed (the macro picker). */
  textarea(): HTMLTextAreaElement | null;
  /** Replaces the text from `start` to `end` with `text` and puts the cursor after it (a macro, an @mention). */
  insert(start: number, end: number, text: string): void;
  /** Puts a text and its files back, as a reply or a note (an undone send). */
  putBack(text: string, internal: boolean, files?: Uploaded[]): void;
}

/**
 * The box that writes a message: text, an internal-note switch where notes are allowed, attachments, and one or
 * more send buttons. `onSend` posts the draft; the draft is cleared when it resolves, kept when it returns false
 * (the caller holds it, for a confirmation) and kept with the error shown when it throws.
 */
export function Composer({
  handle,
  id,
  label,
  heading,
  placeholder,
  notes,
  uploadUrl,
  sends,
  onSend,
  onTyping,
  restore,
  onDraft,
  onCaret,
  onTextKey,
  children,
}: {
  /** What the page may ask of the composer (a plain prop, not React 19's `ref`: the portal runs on Preact). */
  handle?: React.Ref<ComposerHandle>;
  /** The textarea's id (tests and keyboard shortcuts find it by it). */
  id: string;
  /** The composer's accessible name; shown as a heading when `heading` is set. */
  label: string;
  heading?: boolean;
  placeholder?: string;
  /**
   * Reply and note tabs, with their placeholders, the line that says who will read the message, and the question
   * asked before text written as one becomes the other; without it every message is public.
   */
  notes?: {
    reply: string;
    note: string;
    replyPlaceholder: string;
    notePlaceholder: string;
    replyLine?: string;
    noteLine?: string;
    toNote: string;
    toReply: string;
    switchLabel: string;
  };
  uploadUrl: string;
  sends: (internal: boolean) => SendOption[];
  onSend: (draft: Draft, key: string) => Promise<boolean | void>;
  /** Called while the person types, at most every 3 s. */
  onTyping?: () => void;
  /** A draft kept from before (a reload, another page): put back once, if nothing has been typed yet. */
  restore?: { text: string; internal: boolean } | null;
  /** Hears every change of the text or of reply/note, to keep the draft. */
  onDraft?: (d: { text: string; internal: boolean }) => void;
  /** Hears the text and the cursor as they change (mentions: what follows an "@"). */
  onCaret?: (text: string, caret: number, internal: boolean) => void;
  /** Sees a key in the text first; true when it used the key (a suggestion list open). */
  onTextKey?: (e: React.KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** Shown between the text and the buttons: warnings, hints (a function hears whether a note is being written). */
  children?: ReactNode | ((internal: boolean) => ReactNode);
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [internal, setInternal] = useState(false);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const uploads = useUploads(uploadUrl);
  const area = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const draft = useRef<Draft>({ text, internal, attachment_ids: [], files: [] });
  draft.current = { text, internal, attachment_ids: uploads.files.map((f) => f.id), files: uploads.files };
  // A file still uploading has no id yet: sending now would send the message without it.
  const uploading = useRef(false);
  uploading.current = uploads.pending.length > 0;
  const [asking, setAsking] = useState<boolean | null>(null);
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || !restore) return;
    restored.current = true;
    if (draft.current.text) return;
    setText(restore.text);
    if (notes) setInternal(restore.internal);
  }, [restore, notes]);

  function write(next: string, asNote = internal) {
    setText(next);
    onDraft?.({ text: next, internal: asNote });
  }
  /** Reply or note: text already written as the one becomes the other only when the person says so. */
  function switchTo(asNote: boolean) {
    if (asNote === internal) return;
    if (draft.current.text.trim()) setAsking(asNote);
    else setInternal(asNote);
  }
  function switched(asNote: boolean) {
    setInternal(asNote);
    onDraft?.({ text: draft.current.text, internal: asNote });
  }

  async function send(key: string) {
    if (!draft.current.text.trim() || busy || uploading.current) return;
    setBusy(true);
    setError(null);
    try {
      if ((await onSend(draft.current, key)) === false) return;
      write("");
      uploads.clear();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useImperativeHandle(handle, () => ({
    focus(asNote = false) {
      if (notes) switchTo(asNote);
      setTimeout(() => area.current?.focus(), 0);
    },
    hasDraft: () => draft.current.text.trim().length > 0,
    send,
    textarea: () => area.current,
    insert(start, end, inserted) {
      const now = draft.current.text;
      write(now.slice(0, start) + inserted + now.slice(end));
      const caret = start + inserted.length;
      setTimeout(() => {
        area.current?.focus();
        area.current?.setSelectionRange(caret, caret);
      }, 0);
    },
    putBack(back, asNote, files = []) {
      if (notes) setInternal(asNote);
      write(back, asNote);
      uploads.restore(files);
      setTimeout(() => area.current?.focus(), 0);
    },
  }));

  const options = sends(internal);
  const empty = !text.trim();
  const shownError = error ?? uploads.error;
  return (
    <form
      className={`composer ${internal ? "internal" : ""}`}
      aria-label={heading ? undefined : label}
      aria-labelledby={heading ? headingId : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        if (options[0]) void send(options[0].key);
      }}
    >
      {heading && <h2 id={headingId}>{label}</h2>}
      {notes && (
        <div className="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={!internal} onClick={() => switchTo(false)}>
            {notes.reply}
          </button>
          <button type="button" role="tab" aria-selected={internal} onClick={() => switchTo(true)}>
            {notes.note}
          </button>
        </div>
      )}
      {notes && (internal ? notes.noteLine : notes.replyLine) && (
        <p className="recipient" data-testid="recipient">
          {internal ? notes.noteLine : notes.replyLine}
        </p>
      )}
      <label className="sr-only" htmlFor={id}>
        {notes ? (internal ? notes.note : notes.reply) : label}
      </label>
      <textarea
        id={id}
        ref={area}
        rows={5}
        value={text}
        placeholder={notes ? (internal ? notes.notePlaceholder : notes.replyPlaceholder) : placeholder}
        onKeyDown={(e) => {
          if (onTextKey?.(e)) return;
          // Ctrl+Enter (Cmd+Enter on a Mac) sends as the first button does.
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && options[0]) {
            e.preventDefault();
            void send(options[0].key);
          }
        }}
        onChange={(e) => {
          write(e.target.value);
          onCaret?.(e.target.value, e.target.selectionStart, internal);
          if (onTyping && Date.now() - lastTyping.current > 3000) {
            lastTyping.current = Date.now();
            onTyping();
          }
        }}
      />
      <UploadList uploads={uploads} />
      {shownError !== null && (
        <p className="error" role="alert">
          {errorText(t, shownError)}
        </p>
      )}
      {typeof children === "function" ? children(internal) : children}
      <div className="row">
        {options.map((o, i) => (
          <button
            key={o.key}
            type={i === 0 ? "submit" : "button"}
            className={i === 0 ? "primary" : undefined}
            disabled={busy || empty || uploading.current}
            onClick={i === 0 ? undefined : () => void send(o.key)}
            data-testid={o.testId}
          >
            {o.label}
          </button>
        ))}
        <AttachButton uploads={uploads} />
      </div>
      {notes && asking !== null && (
        <Confirm
          title={asking ? notes.toNote : notes.toReply}
          confirmLabel={notes.switchLabel}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            switched(asking);
            setAsking(null);
          }}
        />
      )}
    </form>
  );
}
