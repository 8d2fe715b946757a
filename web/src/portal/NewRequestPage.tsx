import { PortalBar, plainLink } from "./PortalBar";
import { WebForm } from "./WebForm";

/** /portal/new loaded on its own: the form under the portal's bar, whose links load the portal's page. */
export function NewRequestPage() {
  return (
    <div className="portal">
      <PortalBar link={plainLink} />
      <main className="portal-main" id="main">
        <WebForm />
      </main>
    </div>
  );
}
