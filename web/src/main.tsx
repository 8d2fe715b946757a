// The agent app's page (index.html): the portal and the web form have entries of their own (web/src/portal).
import { AgentApp } from "./agent/AgentApp";
import { mount } from "./mount";

mount(<AgentApp />);
