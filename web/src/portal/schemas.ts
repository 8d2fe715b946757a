import { zodResolver } from "@hookform/resolvers/zod";
import { ZPortalLinkRequest, ZPortalReply, ZWebFormRequest } from "../../../shared/schemas";

// The portal's and the web form's forms validated with the schemas the server validates with. Loaded on demand
// (resolvers.ts) so that zod stays out of what the pages load before they show.

/** The web form's typed fields; its files are read and checked apart (they become base64 in the request). */
export const webForm = zodResolver(ZWebFormRequest.pick({ name: true, email: true, subject: true, body_text: true }));
export const signInLink = zodResolver(ZPortalLinkRequest);
export const reply = zodResolver(ZPortalReply);
