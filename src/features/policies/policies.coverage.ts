import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { fiscalYearOf } from '../../platform/calendar.js';
import type { Executor } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { policyErrors } from './policies.errors.js';
import { policiesReads } from './policies.reads.js';
import { policiesRepository as repo } from './policies.repository.js';

/** The fiscal year asked, or the current one; one not yet begun answers 400. */
export function fiscalYearAsked(asked: number | undefined, now: Date, timeZone: string): number {
  const current = fiscalYearOf(now, timeZone);
  if (asked === undefined) return current;
  if (asked > current) throw policyErrors.futureYear();
  return asked;
}

/**
 * The fiscal year's coverage of every body the actor reads the register of (the center: the whole government;
 * a ministry: itself and its agencies; an agency: itself; the operator's console, null: all), in tree order: clause confirmed (which
 * version, when), contact structure confirmed, requests still open and overdue.
 */
export async function coverageFor(db: Executor, actor: Actor | null, fiscalYear: number, now: Date) {
  // No actor: the host operator's console, which reads the whole government.
  const visible = (await orgsDirectory.all(db)).filter(
    (o) =>
      o.kind !== 'center' &&
      (actor === null || can.readPolicyRegister(actor, { orgId: o.id, parentId: o.parent_id })),
  );
  // Tree order: each ministry followed by its agencies (by slug); an agency whose ministry is not shown, alone.
  const shown = new Set(visible.map((o) => o.id));
  const orgs = visible
    .filter((o) => o.parent_id === null || !shown.has(o.parent_id))
    .flatMap((top) => [top, ...visible.filter((o) => o.parent_id === top.id)]);
  const ids = orgs.map((o) => o.id);
  const [coverage, clauses, targets] = await Promise.all([
    policiesReads.coverage(db, fiscalYear, ids),
    repo.latestConfirmed(db, fiscalYear, ids),
    repo.targetsOfYear(db, fiscalYear, ids),
  ]);
  const clauseOf = new Map(clauses.map((c) => [c.org_id, c]));
  const slugOf = new Map((await orgsDirectory.all(db)).map((o) => [o.id, o.slug]));
  const at = now.toISOString();
  return orgs.map((o) => {
    const c = clauseOf.get(o.id);
    const mine = targets.filter((t) => t.org_id === o.id && t.answered_at === null && t.closed_at === null);
    return {
      org: {
        slug: o.slug,
        nameJa: o.name_ja,
        nameEn: o.name_en,
        kind: o.kind,
        parentSlug: o.parent_id ? (slugOf.get(o.parent_id) ?? null) : null,
      },
      clause: c?.confirmed_at
        ? {
            id: c.id,
            documentName: c.document_name,
            documentVersion: c.document_version,
            confirmedAt: c.confirmed_at,
          }
        : null,
      contactStructureConfirmedAt: coverage.get(o.id)?.contactStructureConfirmedAt?.toISOString() ?? null,
      requestsOpen: mine.length,
      requestsOverdue: mine.filter((t) => t.due_at <= at).length,
    };
  });
}
