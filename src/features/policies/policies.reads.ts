import type { Executor } from '../../platform/db/database.js';
import { campaignsReads } from '../campaigns/campaigns.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { policiesRepository as repo } from './policies.repository.js';

// What other features (the annual report) may ask of the policy register, without reaching into its tables.

/** A body's coverage in a fiscal year. */
export interface BodyCoverage {
  /** The latest confirmation of its clause up to the year's end (the record in force then); null: none. */
  clauseConfirmedAt: Date | null;
  /** Its latest contact-structure confirmation in the year: on a campaign, or answering a policy request. */
  contactStructureConfirmedAt: Date | null;
}

const later = (a: string | null | undefined, b: string | null | undefined) =>
  a && b ? (a > b ? a : b) : (a ?? b ?? null);

export const policiesReads = {
  /**
   * Each body's coverage in the fiscal year (April–March): `orgIds` null for every body but the center, an empty
   * array for none. Whoever asks has decided which bodies the reader may see.
   */
  async coverage(
    db: Executor,
    fiscalYear: number,
    orgIds: string[] | null,
  ): Promise<Map<string, BodyCoverage>> {
    const ids = orgIds === null ? (await orgsDirectory.nonCenter(db)).map((o) => o.id) : [...new Set(orgIds)];
    const out = new Map<string, BodyCoverage>();
    if (ids.length === 0) return out;
    const [clauses, campaigns, targets] = await Promise.all([
      repo.latestConfirmed(db, fiscalYear, ids),
      campaignsReads.contactStructureConfirmedIn(db, fiscalYear, ids),
      repo.targetsOfYear(db, fiscalYear, ids),
    ]);
    const clauseAt = new Map(clauses.map((c) => [c.org_id, c.confirmed_at]));
    const contactsAt = new Map<string, string | null>(campaigns);
    for (const t of targets)
      contactsAt.set(t.org_id, later(contactsAt.get(t.org_id), t.contacts_confirmed_at));
    for (const id of ids) {
      const c = clauseAt.get(id);
      const k = contactsAt.get(id);
      out.set(id, {
        clauseConfirmedAt: c ? new Date(c) : null,
        contactStructureConfirmedAt: k ? new Date(k) : null,
      });
    }
    return out;
  },
};
