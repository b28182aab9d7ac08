import type { Executor, Tx } from '../../platform/db/database.js';
import type { SsoFlowsTable, SsoIdentitiesTable, SsoMappingsTable, SsoProvidersTable } from './sso.table.js';

export type ProviderRow = SsoProvidersTable;
export type MappingRow = SsoMappingsTable;
export type FlowRow = SsoFlowsTable;
export type IdentityRow = SsoIdentitiesTable;

export const ssoRepository = {
  providerBySlug: (db: Executor, slug: string) =>
    db.selectFrom('sso_providers').selectAll().where('slug', '=', slug).executeTakeFirst(),
  /** Providers, all or those attached to some bodies, by slug. */
  providers: (db: Executor, orgIds?: readonly string[]) => {
    let q = db.selectFrom('sso_providers').selectAll().orderBy('slug');
    if (orgIds) q = q.where('org_id', 'in', orgIds.length > 0 ? [...orgIds] : ['']);
    return q.execute();
  },
  /** What the log-in screen offers: providers in use. */
  /** The providers in use that log in a body's people: its own, or its ministry's that include its agencies. */
  activeProvidersOf: (db: Executor, org: { id: string; parent_id: string | null }) =>
    db
      .selectFrom('sso_providers')
      .select(['slug', 'name_ja', 'name_en'])
      .where('disabled_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('org_id', '=', org.id),
          ...(org.parent_id
            ? [eb.and([eb('org_id', '=', org.parent_id), eb('include_agencies', '=', 1)])]
            : []),
        ]),
      )
      .orderBy('slug')
      .execute(),
  activeProviders: (db: Executor) =>
    db
      .selectFrom('sso_providers')
      .select(['slug', 'name_ja', 'name_en'])
      .where('disabled_at', 'is', null)
      .orderBy('slug')
      .execute(),
  insertProvider: (tx: Tx, row: ProviderRow) => tx.insertInto('sso_providers').values(row).execute(),
  updateProvider: (tx: Tx, id: string, changes: Partial<ProviderRow>) =>
    tx.updateTable('sso_providers').set(changes).where('id', '=', id).execute(),

  mappings: (db: Executor, providerIds: readonly string[]) =>
    providerIds.length === 0
      ? Promise.resolve([] as MappingRow[])
      : db
          .selectFrom('sso_mappings')
          .selectAll()
          .where('provider_id', 'in', [...providerIds])
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
  mappingById: (db: Executor, providerId: string, id: string) =>
    db
      .selectFrom('sso_mappings')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('id', '=', id)
      .executeTakeFirst(),
  insertMapping: (tx: Tx, row: MappingRow) => tx.insertInto('sso_mappings').values(row).execute(),
  deleteMapping: (tx: Tx, id: string) => tx.deleteFrom('sso_mappings').where('id', '=', id).execute(),

  identity: (db: Executor, providerId: string, issuer: string, subject: string) =>
    db
      .selectFrom('sso_identities')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst(),
  insertIdentity: (tx: Tx, row: IdentityRow) => tx.insertInto('sso_identities').values(row).execute(),
  touchIdentity: (tx: Tx, id: string, at: string) =>
    tx.updateTable('sso_identities').set({ last_login_at: at }).where('id', '=', id).execute(),
  /** The providers a person is linked to, for showing on their account. */
  identitiesOf: (db: Executor, userId: string) =>
    db
      .selectFrom('sso_identities')
      .innerJoin('sso_providers', 'sso_providers.id', 'sso_identities.provider_id')
      .select([
        'sso_identities.id',
        'sso_providers.slug',
        'sso_providers.name_ja',
        'sso_providers.name_en',
        'sso_identities.created_at',
        'sso_identities.last_login_at',
      ])
      .where('sso_identities.user_id', '=', userId)
      .orderBy('sso_providers.slug')
      .execute(),

  insertFlow: (tx: Tx, row: FlowRow) => tx.insertInto('sso_flows').values(row).execute(),
  /** Takes a flow out: whoever comes first with its state has it, a replay or a concurrent twin finds none. */
  takeFlow: (tx: Tx, stateHash: string) =>
    tx.deleteFrom('sso_flows').where('state_hash', '=', stateHash).returningAll().executeTakeFirst(),
  sweepFlows: (tx: Tx, now: string) => tx.deleteFrom('sso_flows').where('expires_at', '<=', now).execute(),
  /** Ends the log-ins under way through a provider (one being disabled). */
  dropFlowsOf: (tx: Tx, providerId: string) =>
    tx.deleteFrom('sso_flows').where('provider_id', '=', providerId).execute(),
};
