import type { Insertable, Selectable, Updateable } from "kysely";

// Times are epoch milliseconds (integers) on both databases: one comparison rule, one index type,
// no driver-specific Date handling. Booleans are 0/1 integers for the same reason. JSON is text.

// The tables, one file per area under tables/; everything is re-exported here, where the code imports it from.
import type {
  WorkspaceTable,
  AgentTable,
  TeamTable,
  TeamMemberTable,
  OrganizationTable,
  CustomerTable,
} from "./tables/people";
import type {
  SessionTable,
  CustomerSessionTable,
  PortalLinkTable,
  ApiTokenTable,
  LoginAttemptTable,
  AuditEventTable,
} from "./tables/access";
import type {
  TicketTable,
  TicketTagTable,
  MessageTable,
  AttachmentTable,
  TicketEventTable,
  TicketCountTable,
  OverrideTable,
  EscalationReasonTable,
  TicketDraftTable,
  TicketReadTable,
  SavedViewTable,
} from "./tables/tickets";
import type {
  MailboxTable,
  EmailMessageTable,
  EmailAwaitingTable,
  MailOutboxTable,
  MailTemplateTable,
  StoredFileTable,
} from "./tables/email";
import type { CalendarTable, SlaPolicyTable, SlaClockTable } from "./tables/sla";
import type { DirectoryWordTable } from "./tables/directory";
import type {
  MacroTable,
  MacroUsageTable,
  PlaybookTable,
  PlaybookCheckTable,
  TicketArticleLinkTable,
  QuestionGroupTable,
  QuestionMemberTable,
  QuestionTermTable,
  QuestionStateTable,
} from "./tables/answers";
import type { OutboxTable, WebhookTable, WebhookDeliveryTable, JobTable, JobProbeTable } from "./tables/system";
import type {
  KbCategoryTable,
  KbArticleTable,
  KbVersionTable,
  KbTermTable,
  KbTermKeyTable,
  KbFeedbackTable,
  KbDeflectionTable,
  KbImageTable,
} from "./tables/kb";
import type {
  TicketFollowerTable,
  TicketCcTable,
  NotificationTable,
  NotificationSettingTable,
  HeldReplyTable,
} from "./tables/actions";
import type {
  ReviewTable,
  ReviewReadTable,
  KudosTable,
  KudosRecipientTable,
  KudosDigestTable,
  ProblemTable,
  ProblemTicketTable,
  ProblemEventTable,
} from "./tables/listening";
import type {
  SurveySettingsTable,
  SurveyTable,
  SurveyCountTable,
  FollowUpTable,
  NpsScheduleTable,
} from "./tables/surveys";

export type * from "./tables/people";
export type * from "./tables/access";
export type * from "./tables/tickets";
export type * from "./tables/email";
export type * from "./tables/sla";
export type * from "./tables/system";
export type * from "./tables/directory";
export type * from "./tables/answers";
export type * from "./tables/kb";
export type * from "./tables/actions";
export type * from "./tables/listening";
export type * from "./tables/surveys";

export interface Database {
  sla_policies: SlaPolicyTable;
  portal_links: PortalLinkTable;
  escalation_reasons: EscalationReasonTable;
  overrides: OverrideTable;
  customer_sessions: CustomerSessionTable;
  sla_clocks: SlaClockTable;
  calendars: CalendarTable;
  mail_outbox: MailOutboxTable;
  mail_templates: MailTemplateTable;
  job_probe: JobProbeTable;
  stored_files: StoredFileTable;
  mailboxes: MailboxTable;
  email_messages: EmailMessageTable;
  email_awaiting: EmailAwaitingTable;
  workspaces: WorkspaceTable;
  agents: AgentTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  organizations: OrganizationTable;
  customers: CustomerTable;
  directory_words: DirectoryWordTable;
  tickets: TicketTable;
  ticket_tags: TicketTagTable;
  messages: MessageTable;
  attachments: AttachmentTable;
  ticket_events: TicketEventTable;
  outbox: OutboxTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
  audit_events: AuditEventTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  ticket_counts: TicketCountTable;
  ticket_drafts: TicketDraftTable;
  ticket_reads: TicketReadTable;
  saved_views: SavedViewTable;
  jobs: JobTable;
  macros: MacroTable;
  macro_usage: MacroUsageTable;
  playbooks: PlaybookTable;
  playbook_checks: PlaybookCheckTable;
  ticket_article_links: TicketArticleLinkTable;
  question_groups: QuestionGroupTable;
  question_members: QuestionMemberTable;
  question_terms: QuestionTermTable;
  question_state: QuestionStateTable;
  kb_categories: KbCategoryTable;
  kb_articles: KbArticleTable;
  kb_versions: KbVersionTable;
  kb_terms: KbTermTable;
  kb_term_keys: KbTermKeyTable;
  kb_feedback: KbFeedbackTable;
  kb_deflections: KbDeflectionTable;
  kb_images: KbImageTable;
  ticket_followers: TicketFollowerTable;
  ticket_cc: TicketCcTable;
  notifications: NotificationTable;
  notification_settings: NotificationSettingTable;
  held_replies: HeldReplyTable;
  reviews: ReviewTable;
  review_reads: ReviewReadTable;
  kudos: KudosTable;
  kudos_recipients: KudosRecipientTable;
  kudos_digests: KudosDigestTable;
  problems: ProblemTable;
  problem_tickets: ProblemTicketTable;
  problem_events: ProblemEventTable;
  survey_settings: SurveySettingsTable;
  surveys: SurveyTable;
  survey_counts: SurveyCountTable;
  follow_ups: FollowUpTable;
  nps_schedules: NpsScheduleTable;
}

export type TicketRow = Selectable<TicketTable>;

export type NewTicket = Insertable<TicketTable>;

export type TicketUpdate = Updateable<TicketTable>;

export type MessageRow = Selectable<MessageTable>;

export type CustomerRow = Selectable<CustomerTable>;

export type AgentRow = Selectable<AgentTable>;

export type OrganizationRow = Selectable<OrganizationTable>;

export type TeamRow = Selectable<TeamTable>;

export type TicketEventRow = Selectable<TicketEventTable>;

export type WebhookRow = Selectable<WebhookTable>;
export type MacroRow = Selectable<MacroTable>;
export type PlaybookRow = Selectable<PlaybookTable>;
export type SurveyRow = Selectable<SurveyTable>;
