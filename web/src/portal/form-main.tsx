// The public web form's page: alone at /form, in another site's iframe or the script-tag embed, and at /portal/new
// as the portal's "new request" page, loaded without the rest of the portal. The build writes it as HTML in each
// language (prerender.tsx, form.it.html, new.en.html...), which this script takes over.
import { portalTexts } from "../locales/portal";
import { mount } from "../mount";
import { NewRequestPage } from "./NewRequestPage";
import { EmbeddedForm } from "./WebForm";

// The page never changes path in the browser: which form is decided once.
mount(location.pathname === "/form" ? <EmbeddedForm /> : <NewRequestPage />, portalTexts);
