import type { Actor } from '../../platform/access/roles.js';
import type { Executor } from '../../platform/db/database.js';
import { commonErrors } from '../../platform/errors.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { situationErrors } from './situations.errors.js';
import type { SituationInput } from './situations.schemas.js';

/** A body in scope, with its supervising ministry at the declaration. */
export interface ScopedBody {
  orgId: string;
  parentId: string | null;
}

/** The scope as declared: its kind, the bodies it names, and every body it puts in scope. */
export interface ResolvedScope {
  kind: SituationInput['scope']['kind'];
  named: { orgId: string; withAgencies: boolean }[];
  bodies: ScopedBody[];
}

/** The named bodies by id: a slug is looked up (an unknown one is an unknown body); exactly one of the two. */
async function namedBodies(
  db: Executor,
  bodies: NonNullable<SituationInput['scope']['bodies']>,
): Promise<{ orgId: string; withAgencies: boolean }[]> {
  if (bodies.some((b) => (b.orgId === undefined) === (b.orgSlug === undefined)))
    throw situationErrors.scopeInvalid('Name each body in scope by its orgId or its orgSlug (one of them).');
  const slugs = bodies.flatMap((b) => (b.orgSlug === undefined ? [] : [b.orgSlug]));
  const ids = new Map(
    (slugs.length ? await orgsDirectory.bySlugs(db, slugs) : []).map((o) => [o.slug, o.id]),
  );
  return bodies.map((b) => {
    const orgId = b.orgId ?? ids.get(b.orgSlug ?? '');
    if (orgId === undefined) throw situationErrors.unknownBody();
    return { orgId, withAgencies: b.withAgencies };
  });
}

/**
 * The bodies a declaration's scope puts in scope, resolved once: `all` every body but the center, `ministries`
 * every ministry (not their agencies), `bodies` each named body and, when asked, its agencies.
 */
export async function resolveScope(db: Executor, scope: SituationInput['scope']): Promise<ResolvedScope> {
  const named = await namedBodies(db, scope.bodies ?? []);
  if (scope.kind !== 'bodies' && named.length > 0)
    throw situationErrors.scopeInvalid(
      `Scope '${scope.kind}' names no bodies; use kind 'bodies' to name them.`,
    );
  if (scope.kind === 'bodies' && named.length === 0) throw situationErrors.emptyScope();
  if (new Set(named.map((b) => b.orgId)).size !== named.length)
    throw situationErrors.scopeInvalid('The scope names a body twice.');
  let rows: { id: string; kind: string; parent_id: string | null }[];
  if (scope.kind === 'bodies') {
    const ids = named.map((b) => b.orgId);
    const found = await orgsDirectory.nonCenter(db, { ids, orUnder: true });
    const byId = new Set(found.map((o) => o.id));
    // A body that does not exist and the center are the same unknown body.
    if (ids.some((id) => !byId.has(id))) throw situationErrors.unknownBody();
    const withAgencies = new Set(named.filter((b) => b.withAgencies).map((b) => b.orgId));
    const asked = new Set(ids);
    rows = found.filter((o) => asked.has(o.id) || (o.parent_id !== null && withAgencies.has(o.parent_id)));
  } else {
    rows = await orgsDirectory.nonCenter(db, { ministriesOnly: scope.kind === 'ministries' });
  }
  if (rows.length === 0) throw situationErrors.emptyScope();
  return {
    kind: scope.kind,
    named,
    // A ministry hangs under the center in the tree; only an agency has a supervising ministry.
    bodies: rows.map((o) => ({ orgId: o.id, parentId: o.kind === 'agency' ? o.parent_id : null })),
  };
}

/**
 * The body an answer or a request's move names: by id, by slug, or (neither) the caller's own; never both. An
 * unknown slug gives undefined (the caller answers as for a body it may not act for).
 */
export async function namedBodyId(
  db: Executor,
  actor: Actor,
  input: { orgId?: string | undefined; orgSlug?: string | undefined },
): Promise<string | undefined> {
  if (input.orgId !== undefined && input.orgSlug !== undefined)
    throw commonErrors.badRequest(
      'situations.body_ambiguous',
      'Name the body by orgId or by orgSlug, not both.',
    );
  if (input.orgSlug !== undefined) return (await orgsDirectory.bySlug(db, input.orgSlug))?.id;
  return input.orgId ?? actor.orgId;
}
