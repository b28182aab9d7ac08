import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { visibleOrgIds } from './campaigns.bodies.js';
import type { CampaignDeps } from './campaigns.deps.js';
import { officersOf } from './campaigns.recipients.js';
import { campaignsRepository } from './campaigns.repository.js';

/** What other features may ask of campaigns (the policy register's coverage), without their repository. */
export const campaignsReads = {
  /** Each body's latest contact-structure confirmation on a campaign of the fiscal year (null: every body). */
  contactStructureConfirmedIn: (db: Executor, fiscalYear: number, orgIds: string[] | null) =>
    campaignsRepository.confirmedInYear(db, fiscalYear, orgIds),
  /** Who answers for a body's contact structure and is written to about it (its CSIRT leads, security officers). */
  contactStructureOfficers: officersOf,
};

/**
 * How campaigns and checks alike are looked at: one by id (one the actor may not see does not exist), those
 * of a fiscal year, and one read on purpose, which is audited.
 */
export function readsOf<Row extends { id: string }, View>(kind: {
  subject: 'contact_campaign' | 'communication_check';
  byId: (db: Executor, id: string) => Promise<Row | undefined>;
  ofFiscalYear: (db: Executor, fiscalYear: number, orgIds: string[] | null) => Promise<Row[]>;
  viewsOf: (db: Executor, actor: Actor, rows: Row[]) => Promise<View[]>;
  notFound: () => Error;
}) {
  async function one(db: Executor, actor: Actor, id: string): Promise<{ row: Row; view: View }> {
    const row = await kind.byId(db, id);
    const [view] = row ? await kind.viewsOf(db, actor, [row]) : [];
    if (!row || !view) throw kind.notFound();
    return { row, view };
  }
  return {
    byId: async (db: Executor, actor: Actor, id: string): Promise<View> => (await one(db, actor, id)).view,
    ofFiscalYear: async (db: Executor, actor: Actor, fiscalYear: number) =>
      kind.viewsOf(db, actor, await kind.ofFiscalYear(db, fiscalYear, await visibleOrgIds(db, actor))),
    async read(args: { unit: Unit; actor: Actor; id: string; deps: CampaignDeps }): Promise<View> {
      const { row, view } = await one(args.unit.tx, args.actor, args.id);
      await args.deps.audit.append(
        args.unit,
        audited(args.actor, `${kind.subject}.read`, kind.subject, row.id, {}),
        args.deps.clock.now(),
      );
      return view;
    },
  };
}

/** What the annual report asks of a fiscal year's campaigns and communication checks (every body's). */
export const campaignsYearlyReads = {
  /** Per body, confirmations asked by the year's campaigns and those given. */
  confirmations: campaignsRepository.confirmationsOfFiscalYear,
  /** Every target of the year's communication checks, with when it was sent and acknowledged. */
  checkTargets: campaignsRepository.checkTargetsOfFiscalYear,
};
