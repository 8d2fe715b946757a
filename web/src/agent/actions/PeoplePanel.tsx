import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError } from "../../ui";
import { useAgents } from "../queries";
import type { Ticket } from "../../../../shared/api";
import { useCc, useFollowers, useSetCc, useSetFollowers } from "./queries";

/** Who else hears of the ticket: colleagues following it (notified of the customer's replies) and addresses in CC. */
export function PeoplePanel({ ticket, meId }: { ticket: Ticket; meId: number }) {
  const { t } = useTranslation();
  const followers = useFollowers(ticket.number).data ?? [];
  const setFollowers = useSetFollowers(ticket.number);
  const cc = useCc(ticket.number).data ?? [];
  const setCc = useSetCc(ticket.number);
  const agents = (useAgents().data ?? []).filter((a) => a.active && !followers.some((f) => f.id === a.id));
  const [address, setAddress] = useState("");
  const ids = followers.map((f) => f.id);
  const following = ids.includes(meId);
  return (
    <section className="people-panel card" aria-label={t("actions.followers")}>
      <h2 className="small">{t("actions.followers")}</h2>
      {followers.length === 0 && <p className="muted small">{t("actions.no_followers")}</p>}
      <ul className="chips" data-testid="followers">
        {followers.map((f) => (
          <li key={f.id}>
            {f.name}{" "}
            <button
              type="button"
              className="link"
              aria-label={t("actions.remove", { name: f.name })}
              onClick={() => setFollowers.mutate(ids.filter((x) => x !== f.id))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <button
          type="button"
          onClick={() => setFollowers.mutate(following ? ids.filter((x) => x !== meId) : [...ids, meId])}
          data-testid="follow"
        >
          {following ? t("actions.unfollow") : t("actions.follow")}
        </button>
        <label className="sr-only" htmlFor="add-follower">
          {t("actions.add_follower")}
        </label>
        <select
          id="add-follower"
          value=""
          onChange={(e) => e.target.value && setFollowers.mutate([...ids, Number(e.target.value)])}
        >
          <option value="">{t("actions.add_follower")}</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <FormError error={setFollowers.error} />
      <h2 className="small">{t("actions.cc")}</h2>
      {cc.length === 0 && <p className="muted small">{t("actions.no_cc")}</p>}
      <ul className="chips" data-testid="cc">
        {cc.map((a) => (
          <li key={a}>
            {a}{" "}
            <button
              type="button"
              className="link"
              aria-label={t("actions.remove", { name: a })}
              onClick={() => setCc.mutate(cc.filter((x) => x !== a))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (address.trim()) setCc.mutate([...cc, address.trim()], { onSuccess: () => setAddress("") });
        }}
      >
        <label className="sr-only" htmlFor="add-cc">
          {t("actions.add_cc")}
        </label>
        <input
          id="add-cc"
          type="email"
          placeholder={t("actions.add_cc")}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
        <button type="submit">{t("actions.add")}</button>
      </form>
      <FormError error={setCc.error} />
    </section>
  );
}
