import { type Migration, type MigrationProvider, Migrator } from "kysely";
import type { DbHandle } from "./index";
import * as m001 from "./migrations/001_core";
import * as m002 from "./migrations/002_email";
import * as m003 from "./migrations/003_mail_outbox";
import * as m004 from "./migrations/004_imap";
import * as m005 from "./migrations/005_calendars";
import * as m006 from "./migrations/006_sla";
import * as m007 from "./migrations/007_sla_warnings";
import * as m008 from "./migrations/008_queue";
import * as m009 from "./migrations/009_portal";
import * as m010 from "./migrations/010_tiers";
import * as m011 from "./migrations/011_overrides";
import * as m012 from "./migrations/012_templates";
import * as m014 from "./migrations/014_email_threading";
import * as m015 from "./migrations/015_sla_alerts";
import * as m016 from "./migrations/016_policy_channel";
import * as m017 from "./migrations/017_clock_precision";
import * as m018 from "./migrations/018_stored_files";
import * as m019 from "./migrations/019_contentless_search";
import * as m020 from "./migrations/020_search_without_positions";
import * as m021 from "./migrations/021_security_owners";
import * as m022 from "./migrations/022_security_limits";
import * as m023 from "./migrations/023_message_parts";
import * as m024 from "./migrations/024_mail_capture";
import * as m025 from "./migrations/025_directory_search";
import * as m026 from "./migrations/026_drafts";
import * as m028 from "./migrations/028_answers";
import * as m031 from "./migrations/031_inbox";
import * as m027 from "./migrations/027_knowledge_base";
import * as m032 from "./migrations/032_ticket_actions";
import * as m030 from "./migrations/030_listening";
import * as m029 from "./migrations/029_surveys";
import * as m033 from "./migrations/033_agent_preferences";
import * as m034 from "./migrations/034_nps_schedules";
import * as m035 from "./migrations/035_kb_images";
import * as m036 from "./migrations/036_workspace_brand";
import * as m037 from "./migrations/037_ticket_number_sequences";
import * as m038 from "./migrations/038_ticket_count_slots";
import * as m039 from "./migrations/039_outbox_request_events";
import * as m040 from "./migrations/040_surveys_by_organization";
import * as m041 from "./migrations/041_review_reads";

// Migrations are listed here, in order; each receives the dialect for the few places that differ.
const ALL: Record<string, { up: typeof m001.up }> = {
  "001_core": m001,
  "002_email": m002,
  "003_mail_outbox": m003,
  "004_imap": m004,
  "005_calendars": m005,
  "006_sla": m006,
  "007_sla_warnings": m007,
  "008_queue": m008,
  "009_portal": m009,
  "010_tiers": m010,
  "011_overrides": m011,
  "012_templates": m012,
  "014_email_threading": m014,
  "015_sla_alerts": m015,
  "016_policy_channel": m016,
  "017_clock_precision": m017,
  "018_stored_files": m018,
  "019_contentless_search": m019,
  "020_search_without_positions": m020,
  "021_security_owners": m021,
  "022_security_limits": m022,
  "023_message_parts": m023,
  "024_mail_capture": m024,
  "025_directory_search": m025,
  "026_drafts": m026,
  "028_answers": m028,
  "031_inbox": m031,
  "027_knowledge_base": m027,
  "032_ticket_actions": m032,
  "030_listening": m030,
  "029_surveys": m029,
  "033_agent_preferences": m033,
  "034_nps_schedules": m034,
  "035_kb_images": m035,
  "036_workspace_brand": m036,
  "037_ticket_number_sequences": m037,
  "038_ticket_count_slots": m038,
  "039_outbox_request_events": m039,
  "040_surveys_by_organization": m040,
  "041_review_reads": m041,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly handle: DbHandle) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(ALL).map(([name, m]) => [name, { up: (db) => m.up(db, this.handle.dialect) }]),
    );
  }
}

export function migrator(handle: DbHandle): Migrator {
  return new Migrator({ db: handle.db, provider: new StaticProvider(handle) });
}

export async function migrateToLatest(handle: DbHandle): Promise<string[]> {
  const { error, results } = await migrator(handle).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** How many migrations there are: a database with all of them pending is new. */
export const MIGRATION_COUNT = Object.keys(ALL).length;

export async function pendingMigrations(handle: DbHandle): Promise<string[]> {
  const list = await migrator(handle).getMigrations();
  return list.filter((m) => !m.executedAt).map((m) => m.name);
}
