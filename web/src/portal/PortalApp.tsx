import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, get, setCsrf } from "../api";
import { portalSocket } from "../realtime";
import { match, navigate, useLocation } from "../router";
import { PortalBar } from "./PortalBar";
import { RequestList } from "./RequestList";
import { RequestPage } from "./RequestPage";
import { AskLink, Redeem } from "./SignIn";
import type { Customer } from "./types";
import { WebForm } from "./WebForm";

/** The customer portal (/portal): signing in by a link, the customer's requests, one request with its replies. */
export function PortalApp() {
  const { t } = useTranslation();
  const { path, query } = useLocation();
  const [me, setMe] = useState<Customer | null | "loading">("loading");

  const load = useCallback(async () => {
    try {
      const c = await get<Customer>("/api/v1/portal/me");
      setCsrf(c.csrf_token);
      setMe(c);
    } catch {
      setMe(null);
    }
  }, []);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (me && me !== "loading") {
      portalSocket.open();
      return () => portalSocket.close();
    }
  }, [me]);

  const request = match("/portal/requests/:number", path);
  let page: React.ReactNode;
  if (path === "/portal/sign-in" && query.get("token"))
    page = <Redeem token={query.get("token")!} next={query.get("next")} onDone={load} />;
  else if (path === "/portal/new") page = <WebForm />;
  else if (me === "loading") page = <p className="muted">{t("common.loading")}</p>;
  else if (!me) page = <AskLink />;
  else if (request) page = <RequestPage key={request.number} number={Number(request.number)} />;
  else page = <RequestList />;

  return (
    <div className="portal">
      <PortalBar
        workspace={me && me !== "loading" ? me.workspace : undefined}
        onLogout={
          me && me !== "loading"
            ? async () => {
                await api("POST", "/api/v1/portal/logout");
                setMe(null);
                navigate("/portal");
              }
            : undefined
        }
      />
      <main className="portal-main" id="main">
        {page}
      </main>
    </div>
  );
}
