import type { en } from "./en";
import { adminIt } from "./admin.it";
import { answersIt } from "./answers.it";
import { agentIt } from "./agent.it";
import { commonIt } from "./common.it";
import { peopleIt } from "./people.it";
import { portalIt } from "./portal.it";
import type { Shape } from "./shape";
import { uiIt } from "./ui.it";
import { kbIt } from "./kb.it";
import { workspaceIt } from "./workspace.it";
import { actionsIt } from "./actions.it";
import { listeningIt } from "./listening.it";
import { surveysIt } from "./surveys.it";

// Ogni testo dell'interfaccia, in italiano, diviso per area in <area>.it.ts. Le chiavi sono quelle di en.ts (il
// tipo lo impone).
export const it: Shape<typeof en> = {
  ...commonIt,
  ...agentIt,
  ...adminIt,
  ...peopleIt,
  ...portalIt,
  ...uiIt,
  ...answersIt,
  ...workspaceIt,
  ...kbIt,
  ...actionsIt,
  ...listeningIt,
  ...surveysIt,
};
