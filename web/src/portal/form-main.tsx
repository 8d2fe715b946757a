// The public web form's page (form.html): alone at /form, in another site's iframe or the script-tag embed, and at
// /portal/new as the portal's "new request" page, loaded without the rest of the portal.
import { portalTexts } from "../locales/portal";
import { mount } from "../mount";
import { useLocation } from "../router";
import { NewRequestPage } from "./NewRequestPage";
import { EmbeddedForm } from "./WebForm";

function FormPage() {
  const { path } = useLocation();
  return path === "/form" ? <EmbeddedForm /> : <NewRequestPage />;
}

mount(<FormPage />, portalTexts);
