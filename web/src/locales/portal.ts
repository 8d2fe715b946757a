import { commonEn } from "./common.en";
import { commonIt } from "./common.it";
import { portalEn } from "./portal.en";
import { portalIt } from "./portal.it";
import { uiEn } from "./ui.en";
import { uiIt } from "./ui.it";

// What the portal's and the web form's pages load: the common texts, their own and the shared kit's,
// none of the agent app's.
export const portalTexts = {
  en: { ...commonEn, ...portalEn, ...uiEn },
  it: { ...commonIt, ...portalIt, ...uiIt },
};
