import type { AnnualTables } from './features/annual/annual.table.js';
import type { AssessmentsTables } from './features/assessments/assessments.table.js';
import type { AttachmentsTables } from './features/attachments/attachments.table.js';
import type { CampaignsTables } from './features/campaigns/campaigns.table.js';
import type { ChangesTables } from './features/changes/changes.table.js';
import type { ContactsTables } from './features/contacts/contacts.table.js';
import type { ConversationTables } from './features/conversation/conversation.table.js';
import type { CorrelationTables } from './features/correlation/correlation.table.js';
import type { DeadlinesTables } from './features/deadlines/deadlines.table.js';
import type { ExercisesTables } from './features/exercises/exercises.table.js';
import type { LessonsTables } from './features/exercises/lessons.table.js';
import type { ReportTables } from './features/exercises/report.table.js';
import type { IncidentsTables } from './features/incidents/incidents.table.js';
import type { IndicatorsTables } from './features/indicators/indicators.table.js';
import type { MfaTables } from './features/mfa/mfa.table.js';
import type { NoticesTables } from './features/notices/notices.table.js';
import type { NotificationsTables } from './features/notifications/notifications.table.js';
import type { OrgsTables } from './features/orgs/orgs.table.js';
import type { PoliciesTables } from './features/policies/policies.table.js';
import type { SightingsTables } from './features/sharing/sharing.sightings.table.js';
import type { SharingStixTables } from './features/sharing/sharing.stix.table.js';
import type { SharingTables } from './features/sharing/sharing.table.js';
import type { SituationReportsTables } from './features/situations/reports.table.js';
import type { SituationRequestsTables } from './features/situations/requests.table.js';
import type { SituationsTables } from './features/situations/situations.table.js';
import type { SsoTables } from './features/sso/sso.table.js';
import type { TaxiiTables } from './features/taxii/taxii.table.js';
import type { UsersTables } from './features/users/users.table.js';
import type { WarninglistsTables } from './features/warninglists/warninglists.table.js';

/**
 * The whole database, assembled at the edge: the platform's `Database` (its own tables) is extended here with
 * every feature's tables, so that `Db`, `Tx` and `Executor` know them all while the platform imports no feature.
 */
declare module './platform/db/database.js' {
  interface Database
    extends AnnualTables,
      AssessmentsTables,
      AttachmentsTables,
      CampaignsTables,
      ChangesTables,
      ContactsTables,
      ConversationTables,
      CorrelationTables,
      DeadlinesTables,
      ExercisesTables,
      IncidentsTables,
      IndicatorsTables,
      LessonsTables,
      MfaTables,
      NoticesTables,
      NotificationsTables,
      OrgsTables,
      PoliciesTables,
      ReportTables,
      SharingStixTables,
      SharingTables,
      SightingsTables,
      SituationRequestsTables,
      SituationReportsTables,
      SituationsTables,
      SsoTables,
      TaxiiTables,
      UsersTables,
      WarninglistsTables {}
}
