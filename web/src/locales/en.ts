import { surveysEn } from "./surveys.en";
import { listeningEn } from "./listening.en";
import { actionsEn } from "./actions.en";
import { adminEn } from "./admin.en";
import { answersEn } from "./answers.en";
import { agentEn } from "./agent.en";
import { commonEn } from "./common.en";
import { peopleEn } from "./people.en";
import { portalEn } from "./portal.en";
import { uiEn } from "./ui.en";
import { kbEn } from "./kb.en";
import { workspaceEn } from "./workspace.en";

// Every text a person reads in the web app, in English, kept by area in <area>.en.ts; it.ts has the same keys (its
// type and a test check it). The portal and the web form load only common, portal and ui (the shared kit: portal.ts).
export const en = {
  ...commonEn,
  ...agentEn,
  ...adminEn,
  ...peopleEn,
  ...portalEn,
  ...uiEn,
  ...answersEn,
  ...workspaceEn,
  ...kbEn,
  ...actionsEn,
  ...listeningEn,
  ...surveysEn,
};
