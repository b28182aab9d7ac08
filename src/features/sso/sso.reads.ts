import type { Executor } from '../../platform/db/database.js';
import { ssoRepository } from './sso.repository.js';

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
  ssoRepository.activeProvidersOf(db, org);
