// The pieces the agent app and the portal share. A page composes them; it does not define its own dialog.
export { Composer, type ComposerHandle, type Draft, type SendOption } from "./Composer";
export { Confirm } from "./Confirm";
export { Dialog } from "./Dialog";
export { FieldMessage, FormError, fieldError } from "./form";
export { useAfterPaint } from "./idle";
export { MessageParts } from "./MessageParts";
export { type Toast, Toasts, useToasts } from "./Toast";
export { AttachButton, type Uploaded, type Uploads, UploadList, useUploads } from "./uploads";
