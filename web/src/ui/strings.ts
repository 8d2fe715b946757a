import i18next from "i18next";
import { uiEn } from "../locales/ui.en";
import { uiIt } from "../locales/ui.it";

// The kit's texts join the app's (deep-merged, never overwriting): whoever imports a piece of the kit gets its
// words in both languages, whether i18next was set up before this module ran or after.
const add = () => {
  i18next.addResourceBundle("en", "translation", uiEn, true, false);
  i18next.addResourceBundle("it", "translation", uiIt, true, false);
};
// init() builds the store at once (the resources are inline) but says "initialized" a tick later.
if (i18next.isInitialized || i18next.store) add();
else i18next.on("initialized", add);
