import { ZOk } from "../../../shared/api/index";
import { ZPasswordReset, ZPasswordResetConfirm } from "../../../shared/schemas";
import { route } from "../../http/route";
import { confirmReset, requestReset } from "./reset.service";

// Password reset by email (reset.service.ts): ask for a link, then set a new password with it.
export const passwordResetRoutes = [
  route({
    method: "POST",
    url: "/api/v1/auth/password-reset",
    access: "public",
    policy: null,
    tag: "auth",
    rateLimit: "login",
    summary:
      "Email a password reset link to an agent's address (the answer is the same whether or not the address is an agent's)",
    body: ZPasswordReset,
    response: ZOk,
    handler: async ({ ctx, body }) => {
      await requestReset(ctx, body.email);
      return { ok: true as const };
    },
  }),
  route({
    method: "POST",
    url: "/api/v1/auth/password-reset/confirm",
    access: "public",
    policy: null,
    tag: "auth",
    rateLimit: "login",
    summary: "Set a new password with the token of a reset link (400 invalid_reset_token or weak_password)",
    body: ZPasswordResetConfirm,
    response: ZOk,
    handler: async ({ ctx, body }) => {
      await confirmReset(ctx, body.token, body.password);
      return { ok: true as const };
    },
  }),
];
