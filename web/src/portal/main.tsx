// The customer portal's page (portal.html, for /portal and below): none of the agent app's code.
import { portalTexts } from "../locales/portal";
import { mount } from "../mount";
import { PortalApp } from "./PortalApp";

mount(<PortalApp />, portalTexts);
