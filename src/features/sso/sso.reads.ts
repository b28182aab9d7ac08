import type { Executor } from '../../platform/db/database.js';

/**
 * What other features may ask of single sign-on: the providers in use that log in a body's people (its own,
 * or its ministry's when that one includes its agencies).
 */
export const ssoReads = {
  activeProvidersOf: async (db: Executor, org: { id: string; parent_id: string | null }) =>
    (await providersOf(db, org)).map((p) => p.slug),
  /** The same, with the names the web app shows. */
  activeProvidersNamed: (db: Executor, org: { id: string; parent_id: string | null }) => providersOf(db, org),
};

const providersOf = (db: Executor, org: { id: string; parent_id: string | null }) =>
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
    .execute();
