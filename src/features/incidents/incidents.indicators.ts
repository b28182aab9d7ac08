import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { indicatorsReads } from '../indicators/indicators.reads.js';
import type { IndicatorType } from '../indicators/indicators.types.js';
import { withCorrelatedIncidents } from './incidents.indicators.correlated.js';
import { indicatorCursor, indicatorPlace } from './incidents.indicators.cursor.js';
import { DETAIL_INDICATORS } from './incidents.schemas.js';
import { type IncidentDeps, readableIncident } from './incidents.usecases.js';

// An incident's indicators, page by page: a bulk import gives one incident 100,000 of them, more than an answer
// or a page should hold. The incident's own answer carries the first DETAIL_INDICATORS, the total and the cursor
// of the next page.

export interface IndicatorPageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
  type?: IndicatorType | undefined;
  q?: string | undefined;
}

/**
 * What a term is matched as: NFKC (full-width ｅｖｉｌ is evil), without format characters (a zero-width space
 * pasted with it), lower-cased; nothing left is no term.
 */
function termOf(q: string | undefined): string | undefined {
  const term = q
    ?.normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .trim()
    .toLowerCase();
  return term ? term : undefined;
}

/**
 * A page of an incident's indicators the actor may read (as the incident itself), with their correlation badges;
 * each page read is audited.
 */
export async function incidentIndicatorPage(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  query: IndicatorPageQuery;
  deps: Pick<IncidentDeps, 'audit' | 'clock'>;
}) {
  const { unit, actor, query, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const after = query.cursor === undefined ? undefined : indicatorPlace(query.cursor);
  const page = await indicatorsReads.pageOfIncident(unit.tx, incident.id, {
    type: query.type,
    term: termOf(query.q),
    after,
    limit: query.limit ?? DETAIL_INDICATORS,
  });
  await deps.audit.append(
    unit,
    audited(actor, 'incident.read', 'incident', incident.id, { part: 'indicators' }),
    deps.clock.now(),
  );
  return {
    indicators: await withCorrelatedIncidents(unit, actor, incident.id, page.items),
    total: page.total,
    nextCursor: page.next ? indicatorCursor(page.next) : null,
  };
}
