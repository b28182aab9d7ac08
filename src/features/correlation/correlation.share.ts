import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import type { IndicatorType as ReportKind } from '../indicators/indicators.types.js';
import type { SharingDeps } from '../sharing/sharing.deps.js';
import { shareTypeOf } from '../sharing/sharing.kinds.js';
import type { CreateShareInput } from '../sharing/sharing.schemas.js';
import { createShare } from '../sharing/sharing.usecases.js';
import { correlationErrors } from './correlation.errors.js';
import { type CorrelationDeps, clusterOfIncident } from './correlation.usecases.js';

// One action on a cluster drafts a share (issue 14, point 4): its incidents are the share's sources and the values
// they share its indicators, through sharing's own use case — so the consent of every reporting body is asked
// for exactly that content before anything leaves the center. Nothing here bypasses consent: the share is
// created awaiting it.

/** A share names at most this many sources (CreateShareInput). */
const MAX_SOURCES = 50;
const MAX_INDICATORS = 500;

export interface ShareDraftInput {
  tlp: CreateShareInput['tlp'];
  audience: CreateShareInput['audience'];
  title?: string | undefined;
  body?: string | undefined;
  consentDueAt?: string | undefined;
}

/** Drafts shares from the cluster holding the incident, one per reporting body (center analysts and coordinators). */
export async function draftShareFromCluster(args: {
  unit: Unit;
  actor: Actor;
  clusterId: string;
  input: ShareDraftInput;
  deps: CorrelationDeps & { sharing: SharingDeps };
}) {
  const { unit, actor, input, deps } = args;
  if (!can.draftShares(actor))
    throw commonErrors.forbidden('Only center analysts and coordinators draft shares.');
  const { cluster } = await clusterOfIncident({ unit, actor, incidentId: args.clusterId, deps });
  // Sharing asks each body's consent for its own reports only (a request must not show one body another's
  // reports): one share per reporting body, each with that body's incidents as sources and the values they
  // carry in the cluster as its indicators.
  const byBody = new Map<string, string[]>();
  for (const i of cluster.incidents) byBody.set(i.orgId, [...(byBody.get(i.orgId) ?? []), i.id]);
  if ([...byBody.values()].some((list) => list.length > MAX_SOURCES))
    throw correlationErrors.tooManySources(MAX_SOURCES);
  const shares = [];
  for (const [, sourceIds] of byBody) {
    const mine = cluster.indicators.filter((i) => i.incidentIds.some((id) => sourceIds.includes(id)));
    // The cluster's values are stored indicators: their types are the indicators feature's kinds, each of
    // which a share carries (a CVE id as a vulnerability, a free observable as an observable).
    const carried = mine.map((i) => ({ type: shareTypeOf(i.type as ReportKind, i.value), value: i.value }));
    // Nothing of the other bodies' incidents: the consent request shows this text to the source's body.
    const body = input.body ?? 'Indicators from the reported incident, proposed for sharing by the center.';
    const share = await createShare({
      unit,
      actor,
      input: {
        sourceIncidentIds: sourceIds,
        content: {
          title: input.title ?? 'Campaign indicators',
          body,
          indicators: carried.slice(0, MAX_INDICATORS),
        },
        audience: input.audience,
        tlp: input.tlp,
        ...(input.consentDueAt ? { consentDueAt: input.consentDueAt } : {}),
      },
      deps: deps.sharing,
    });
    shares.push({ share, sourceIds });
  }
  return { shares, cluster };
}
