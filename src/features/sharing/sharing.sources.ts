import type { Actor } from '../../platform/access/roles.js';
import { incidentReadings } from '../../platform/access/visibility.js';
import type { DialectName, Executor } from '../../platform/db/database.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { aliasesOf, type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import type { NamedBody } from './sharing.canonical.js';
import { shareErrors } from './sharing.errors.js';
import type { Tlp } from './sharing.terms.js';

export type ConsentFrom = 'ministry' | 'agency' | 'both';

export interface SourceIncident {
  id: string;
  title: string;
  summary: string;
  /** The incident's TLP now: no standing consent shares it under a looser one. */
  tlp: Tlp;
  /** The free text of every report of it (every version). */
  text: string;
  org: OrgRow;
  parent: OrgRow | null;
}

/** The incidents a share derives from, each readable by the actor; any other id is refused as unknown. */
export async function loadSources(
  db: Executor,
  dialect: DialectName,
  actor: Actor,
  ids: string[],
): Promise<SourceIncident[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await incidentsReads.readableByIds(db, actor.orgId, unique);
  const missing = unique.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) throw shareErrors.unknownSource(missing);
  const bodies = await orgsDirectory.byIds(
    db,
    rows.map((r) => r.org_id),
  );
  const parents = await orgsDirectory.byIds(
    db,
    [...bodies.values()].flatMap((o) => (o.parent_id ? [o.parent_id] : [])),
  );
  const texts = await incidentsReads.reportTexts(db, dialect, unique);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    tlp: r.tlp as Tlp,
    text: texts.get(r.id) ?? `${r.title}\n${r.summary}`,
    org: bodies.get(r.org_id) as OrgRow,
    parent: parents.get(bodies.get(r.org_id)?.parent_id ?? '') ?? null,
  }));
}

/**
 * The bodies whose consent a share of these incidents needs: for a body's own incident, that body; for an
 * agency's, its supervising ministry (the seed's rule), the agency, or both, as configured. Each of them must
 * be able to read every source already — a consent request shows the whole share, and must not show one body
 * another's report.
 */
export async function consentingOrgIds(
  db: Executor,
  sources: SourceIncident[],
  from: ConsentFrom,
): Promise<string[]> {
  const ids = new Set<string>();
  for (const s of sources) {
    if (s.org.kind !== 'agency' || !s.parent) ids.add(s.org.id);
    else {
      if (from !== 'agency') ids.add(s.parent.id);
      if (from !== 'ministry') ids.add(s.org.id);
    }
  }
  const consenting = [...ids];
  if (consenting.length > 1 || sources.length > 1) {
    const readable = await incidentReadings(
      db,
      sources.map((s) => s.id),
      consenting,
    );
    if (readable.length !== sources.length * consenting.length)
      throw shareErrors.sourcesNeedSeparateConsent();
  }
  return consenting;
}

/** The bodies to name neutrally when a share is anonymised: the sources' bodies and their ministries. */
export function sourceBodies(sources: SourceIncident[]): OrgRow[] {
  const bodies = new Map<string, OrgRow>();
  for (const s of sources) {
    bodies.set(s.org.id, s.org);
    if (s.parent) bodies.set(s.parent.id, s.parent);
  }
  return [...bodies.values()];
}

/** A body as anonymisation knows it: names, slug and aliases. */
export const namedBody = (o: OrgRow): NamedBody => ({
  kind: o.kind,
  nameJa: o.name_ja,
  nameEn: o.name_en,
  slug: o.slug,
  aliases: aliasesOf(o),
});
