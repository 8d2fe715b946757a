import { useTranslation } from "react-i18next";
import type { TicketTally } from "../../../../shared/api";

/** Open, solved and all tickets, as three figures. */
export function Tally({ tickets }: { tickets: TicketTally }) {
  const { t } = useTranslation();
  return (
    <dl className="tally" data-testid="tally">
      {(["open", "solved", "total"] as const).map((k) => (
        <div key={k}>
          <dt>{t(`people.${k}`)}</dt>
          <dd data-testid={`tally-${k}`}>{tickets[k].toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}
