import { sql } from 'kysely';
import type { Actor } from '../../platform/access/roles.js';
import { audited } from '../../platform/audit/audit.js';
import { escapeLike } from '../../platform/db/like.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import type { ShareRow } from './sharing.repository.js';
import type { ListSharesQuery } from './sharing.schemas.js';
import { type ShareView, viewsOf, visibleShares } from './sharing.visibility.js';

const encode = (s: ShareRow) => Buffer.from(`${s.created_at}|${s.id}`, 'utf8').toString('base64url');
function decode(cursor: string): { at: string; id: string } {
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || extra !== undefined || Number.isNaN(Date.parse(at))) throw shareErrors.badCursor();
  return { at, id };
}

/** A page of the shares the caller may see, newest first, filtered; the read is audited. */
export async function listShares(args: {
  unit: Unit;
  actor: Actor;
  query: ListSharesQuery;
  deps: SharingDeps;
}): Promise<{ items: ShareRow[]; views: Map<string, ShareView>; nextCursor: string | null }> {
  const { unit, actor, query, deps } = args;
  const limit = query.limit ?? 50;
  const terms = (query.q ?? '')
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .slice(0, 10);
  // A search reads content: retraction notices, which have none to show, must not answer one.
  let q = visibleShares(unit.tx, actor, query.box ?? 'all', terms.length > 0);
  if (query.status) q = q.where('s.status', '=', query.status);
  if (query.kind) q = q.where('s.kind', '=', query.kind);
  for (const term of terms) {
    const like = `%${escapeLike(term.toLowerCase())}%`;
    q = q.where(
      sql<boolean>`(lower(s.title) like ${like} escape '\\' or lower(s.body) like ${like} escape '\\'
        or lower(s.indicators) like ${like} escape '\\')`,
    );
  }
  if (query.cursor) {
    const c = decode(query.cursor);
    q = q.where((eb) =>
      eb.or([eb('s.created_at', '<', c.at), eb.and([eb('s.created_at', '=', c.at), eb('s.id', '<', c.id)])]),
    );
  }
  const rows = await q
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  // The SQL filter and the one rule agree; a row the rule refuses is dropped all the same.
  const views = await viewsOf(unit.tx, actor, page);
  const items = page.filter((s) => views.has(s.id));
  await deps.audit.append(
    unit,
    audited(actor, 'share.list', 'share', null, { ids: items.map((s) => s.id) }),
    deps.clock.now(),
  );
  const last = page.at(-1);
  return { items, views, nextCursor: rows.length > limit && last ? encode(last) : null };
}
