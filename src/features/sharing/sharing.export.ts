import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { contentOf, type ShareRow, sharesRepository } from './sharing.repository.js';
import { sharesToStix } from './sharing.stix.js';
import type { Tlp } from './sharing.terms.js';
import { viewOf, viewsOf, visibleShares } from './sharing.visibility.js';

/** Per share, the numbers of its source incidents that the actor's body reads: a recipient learns no other. */
async function readableSourceNumbers(unit: Unit, actor: Actor, shares: ShareRow[], prefix: string) {
  const sources = await sharesRepository.sources(
    unit.tx,
    shares.map((s) => s.id),
  );
  const readable = await incidentsReads.readableByIds(
    unit.tx,
    actor.orgId,
    sources.map((x) => x.id),
  );
  const byId = new Map(readable.map((r) => [r.id, `${prefix}${r.number}`]));
  const numbers = new Map<string, string[]>();
  for (const x of sources) {
    const n = byId.get(x.id);
    if (n) numbers.set(x.share_id, [...(numbers.get(x.share_id) ?? []), n]);
  }
  return numbers;
}

/** These shares as one STIX 2.1 bundle, audited; only the published ones the actor sees are in it. */
async function toStix(unit: Unit, actor: Actor, shares: ShareRow[], deps: SharingDeps) {
  const views = await viewsOf(unit.tx, actor, shares);
  // An export passes content on: only what has been approved and published, and only what the caller sees.
  const out = shares.filter(
    (s) => s.status === 'published' && s.published_at && views.has(s.id) && views.get(s.id) !== 'retracted',
  );
  const center = await orgsDirectory.center(unit.tx);
  const numbers = await readableSourceNumbers(unit, actor, out, deps.incidentNumberPrefix);
  await deps.audit.append(
    unit,
    audited(actor, 'share.export', 'share', null, { format: 'stix-2.1', ids: out.map((s) => s.id) }),
    deps.clock.now(),
  );
  return sharesToStix(
    out.map((s) => ({
      id: s.id,
      kind: s.kind as 'share' | 'advisory',
      ...contentOf(s),
      tlp: s.tlp as Tlp,
      createdAt: s.created_at,
      updatedAt: s.updated_at,
      publishedAt: s.published_at as string,
      incidentNumbers: numbers.get(s.id) ?? [],
    })),
    {
      id: center?.id ?? 'center',
      name: center?.name_en ?? 'Center',
      ...(center ? { createdAt: center.created_at } : {}),
    },
  );
}

/** The newest published shares the actor may see (at most `limit`), as one STIX bundle. */
export async function exportPublished(args: { unit: Unit; actor: Actor; limit: number; deps: SharingDeps }) {
  const { unit, actor } = args;
  const rows = await visibleShares(unit.tx, actor, 'all', true)
    .where('s.status', '=', 'published')
    .orderBy('s.created_at', 'desc')
    .limit(args.limit)
    .execute();
  return toStix(unit, actor, rows, args.deps);
}

/** One published share the actor may see, as a STIX bundle; any other is not found. */
export async function exportOne(args: { unit: Unit; actor: Actor; id: string; deps: SharingDeps }) {
  const { unit, actor } = args;
  const share = await sharesRepository.byId(unit.tx, args.id);
  const view = await viewOf(unit.tx, actor, share);
  if (!share || !view || share.status !== 'published') throw shareErrors.notFound();
  return toStix(unit, actor, [share], args.deps);
}
