import type { SurveySettings } from "../../../shared/api/surveys";
import type { Runner } from "../../db/index";
import type { SurveySettingsTable } from "../../db/schema";
import { settingsRow, upsertSettings } from "./surveys.queries";

// A workspace's survey settings: its row, or the defaults (CSAT on, 5 points, an hour after the first solve,
// 30 quiet days, links valid 14 days; NPS off, every 90 days at most).

export const DEFAULT_SETTINGS: SurveySettings = {
  csat: { enabled: true, scale: 5, delay_minutes: 60, every_solve: false, quiet_days: 30, expires_days: 14 },
  nps: { enabled: false, interval_days: 90 },
};

const present = (r: SurveySettingsTable): SurveySettings => ({
  csat: {
    enabled: r.csat_enabled === 1,
    scale: r.csat_scale === 2 ? 2 : 5,
    delay_minutes: r.csat_delay_minutes,
    every_solve: r.csat_every_solve === 1,
    quiet_days: r.csat_quiet_days,
    expires_days: r.csat_expires_days,
  },
  nps: { enabled: r.nps_enabled === 1, interval_days: r.nps_interval_days },
});

export async function readSettings(on: Runner, workspaceId: number): Promise<SurveySettings> {
  const row = await settingsRow(on, workspaceId);
  return row ? present(row) : DEFAULT_SETTINGS;
}

export async function writeSettings(on: Runner, workspaceId: number, s: SurveySettings): Promise<SurveySettings> {
  await upsertSettings(on, {
    workspace_id: workspaceId,
    csat_enabled: s.csat.enabled ? 1 : 0,
    csat_scale: s.csat.scale,
    csat_delay_minutes: s.csat.delay_minutes,
    csat_every_solve: s.csat.every_solve ? 1 : 0,
    csat_quiet_days: s.csat.quiet_days,
    csat_expires_days: s.csat.expires_days,
    nps_enabled: s.nps.enabled ? 1 : 0,
    nps_interval_days: s.nps.interval_days,
    updated_at: Date.now(),
  });
  return readSettings(on, workspaceId);
}
