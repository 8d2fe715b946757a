import { commonEn } from "./common.en";
import { commonIt } from "./common.it";
import { portalEn } from "./portal.en";
import { portalIt } from "./portal.it";

// What the portal's and the web form's pages load: the common texts and their own, none of the agent app's.
export const portalTexts = {
  en: { ...commonEn, ...portalEn },
  it: { ...commonIt, ...portalIt },
};
