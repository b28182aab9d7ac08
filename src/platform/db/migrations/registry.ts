import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.js';
import * as m0001 from './0001_reporting_chain.js';
import * as m0002 from './0002_list_and_stats_indexes.js';
import * as m0003 from './0003_sharing.js';
import * as m0004 from './0004_contacts.js';
import * as m0005 from './0005_outbox.js';
import * as m0006 from './0006_notifications.js';
import * as m0007 from './0007_campaigns.js';
import * as m0008 from './0008_identity.js';
import * as m0009 from './0009_audit_anchor.js';
import * as m0010 from './0010_sharing_guard.js';
import * as m0011 from './0011_duties.js';
import * as m0012 from './0012_sso.js';
import * as m0013 from './0013_stream.js';
import * as m0014 from './0014_fingerprint_queue.js';
import * as m0015 from './0015_outbox_due_by_channel.js';
import * as m0016 from './0016_attachments.js';
import * as m0017 from './0017_conversation.js';
import * as m0018 from './0018_incident_numbers.js';
import * as m0019 from './0019_search_folding.js';
import * as m0020 from './0020_notification_defaults.js';
import * as m0021 from './0021_org_domains.js';
import * as m0022 from './0022_consent_tightening.js';
import * as m0024 from './0024_attachment_withdrawal.js';
import * as m0025 from './0025_situations.js';
import * as m0026 from './0026_situation_requests.js';
import * as m0027 from './0027_situation_reports.js';
import * as m0028 from './0028_exercises.js';
import * as m0029 from './0029_exercise_lessons.js';
import * as m0030 from './0030_exercise_pauses.js';
import * as m0031 from './0031_event_subjects.js';
import * as m0032 from './0032_indicators.js';
import * as m0033 from './0033_correlation.js';
import * as m0034 from './0034_share_imports.js';
import * as m0035 from './0035_warninglists.js';
import * as m0036 from './0036_share_stix_versions.js';
import * as m0037 from './0037_share_stix_revocations.js';
import * as m0038 from './0038_deadlines_assessments.js';
import * as m0039 from './0039_notices.js';
import * as m0040 from './0040_stix_id_key.js';
import * as m0041 from './0041_taxii_inbox.js';
import * as m0042 from './0042_correlation_prefixes.js';
import * as m0043 from './0043_policies.js';
import * as m0044 from './0044_annual_reports.js';
import * as m0045 from './0045_annual_summaries.js';
import * as m0046 from './0046_received_date_added.js';
import * as m0047 from './0047_deadline_outcomes.js';
import * as m0048 from './0048_accountability_reminders.js';
import * as m0049 from './0049_unsealed_audit_event_order.js';
import * as m0050 from './0050_event_txid_required.js';
import * as m0051 from './0051_annual_data_version.js';
import * as m0052 from './0052_guard_typed_indicators.js';
import * as m0053 from './0053_guard_short_values.js';
import * as m0054 from './0054_indicators_by_incident_value.js';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** Every migration, in the order they apply. Append only; never edit or reorder a released entry. */
const registry: [name: string, migration: DialectMigration][] = [
  ['0001_reporting_chain', m0001],
  ['0002_list_and_stats_indexes', m0002],
  ['0003_sharing', m0003],
  ['0004_contacts', m0004],
  ['0005_outbox', m0005],
  ['0006_notifications', m0006],
  ['0007_campaigns', m0007],
  ['0008_identity', m0008],
  ['0009_audit_anchor', m0009],
  ['0010_sharing_guard', m0010],
  ['0011_duties', m0011],
  ['0012_sso', m0012],
  ['0013_stream', m0013],
  ['0014_fingerprint_queue', m0014],
  ['0015_outbox_due_by_channel', m0015],
  ['0016_attachments', m0016],
  ['0017_conversation', m0017],
  ['0018_incident_numbers', m0018],
  ['0019_search_folding', m0019],
  ['0020_notification_defaults', m0020],
  ['0021_org_domains', m0021],
  ['0022_consent_tightening', m0022],
  ['0024_attachment_withdrawal', m0024],
  ['0025_situations', m0025],
  ['0026_situation_requests', m0026],
  ['0027_situation_reports', m0027],
  ['0028_exercises', m0028],
  ['0029_exercise_lessons', m0029],
  ['0030_exercise_pauses', m0030],
  ['0031_event_subjects', m0031],
  ['0032_indicators', m0032],
  ['0033_correlation', m0033],
  ['0034_share_imports', m0034],
  ['0035_warninglists', m0035],
  ['0036_share_stix_versions', m0036],
  ['0037_share_stix_revocations', m0037],
  ['0038_deadlines_assessments', m0038],
  ['0039_notices', m0039],
  ['0040_stix_id_key', m0040],
  ['0041_taxii_inbox', m0041],
  ['0042_correlation_prefixes', m0042],
  ['0043_policies', m0043],
  ['0044_annual_reports', m0044],
  ['0045_annual_summaries', m0045],
  ['0046_received_date_added', m0046],
  ['0047_deadline_outcomes', m0047],
  ['0048_accountability_reminders', m0048],
  ['0049_unsealed_audit_event_order', m0049],
  ['0050_event_txid_required', m0050],
  ['0051_annual_data_version', m0051],
  ['0052_guard_typed_indicators', m0052],
  ['0053_guard_short_values', m0053],
  ['0054_indicators_by_incident_value', m0054],
];

export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return Object.fromEntries(
    registry.map(([name, m]) => [
      name,
      { up: (db: Kysely<unknown>) => m.up(db, dialect) } satisfies Migration,
    ]),
  );
}
