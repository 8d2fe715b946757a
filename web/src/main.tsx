// The agent app's page (index.html): the portal and the web form have entries of their own (web/src/portal).
import { AgentApp } from "./agent/AgentApp";
import { en } from "./locales/en";
import { it } from "./locales/it";
import { mount } from "./mount";

mount(<AgentApp />, { en, it });
