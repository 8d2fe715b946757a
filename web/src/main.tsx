import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./styles.css";
import { AgentApp } from "./agent/AgentApp";
import { PortalApp } from "./portal/PortalApp";
import { EmbeddedForm } from "./portal/WebForm";
import { useLocation } from "./router";

function Root() {
  const { path } = useLocation();
  if (path === "/form") return <EmbeddedForm />;
  if (path === "/portal" || path.startsWith("/portal/")) return <PortalApp />;
  return <AgentApp />;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
