import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { migrationsFor } from '../../src/platform/db/migrations/registry.js';
import { createTestDatabase, DIALECTS } from '../support/databases.js';

const TABLES = [
  'api_tokens',
  'attachments',
  'audit_anchors',
  'audit_log',
  'communication_check_targets',
  'communication_checks',
  'consent_requests',
  'contact_campaign_entries',
  'contact_campaigns',
  'contacts',
  'correlation_keys',
  'correlation_links',
  'deliveries',
  'event_readers',
  'events',
  'idempotency_keys',
  'incident_indicators',
  'incident_readers',
  'incident_number_counters',
  'incident_reports',
  'incident_search',
  'incidents',
  'known_devices',
  'login_throttle',
  'notification_rules',
  'notification_steps',
  'notifications',
  'org_webhook_secrets',
  'orgs',
  'outbox',
  'passkeys',
  'password_resets',
  'pending_changes',
  'rollcall_answers',
  'recovery_codes',
  'report_fingerprints',
  'sessions',
  'share_acks',
  'share_attachments',
  'share_readers',
  'share_retractions',
  'share_sources',
  'shares',
  'situation_bodies',
  'situation_entries',
  'situation_incidents',
  'situation_number_counters',
  'situation_scope',
  'situations',
  'standing_consents',
  'totp_credentials',
  'users',
  'webauthn_challenges',
];

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let destroy: (() => Promise<void>) | undefined;
  afterEach(async () => destroy?.());

  it('apply in registry order on an empty database, once', async () => {
    const handle = await createTestDatabase(dialect, { migrate: false });
    destroy = () => handle.destroy();
    const applied = await migrateToLatest(handle);
    expect(applied).toEqual(Object.keys(migrationsFor(dialect)));
    expect(await migrateToLatest(handle)).toEqual([]);
    const tables = (await handle.db.introspection.getTables()).map((t) => t.name);
    for (const name of TABLES) expect(tables).toContain(name);
  });

  it('names migrations so that they sort in the order they apply', () => {
    const names = Object.keys(migrationsFor(dialect));
    expect([...names].sort()).toEqual(names);
  });
});
