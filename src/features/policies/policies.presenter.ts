import type { OrgRow } from '../orgs/orgs.directory.js';
import type { ClauseCard, RequestRow, TargetRow } from './policies.repository.js';

export const orgRef = (o: OrgRow | undefined) => ({
  slug: o?.slug ?? '',
  nameJa: o?.name_ja ?? '',
  nameEn: o?.name_en ?? '',
  kind: o?.kind ?? '',
});

export const excerptPath = (id: string) => `/api/v1/policy-clauses/${encodeURIComponent(id)}/excerpt`;

/** A clause record as the API shows it: never its bytes, only where to download them. */
export const presentClause = (c: ClauseCard, org: OrgRow | undefined) => ({
  id: c.id,
  org: orgRef(org),
  documentName: c.document_name,
  documentVersion: c.document_version,
  inForceOn: c.in_force_on,
  clauseText: c.clause_text,
  status: c.status as 'recorded' | 'confirmed' | 'superseded',
  excerpt:
    c.excerpt_name !== null && c.excerpt_sha256 !== null
      ? { name: c.excerpt_name, size: c.excerpt_size ?? 0, sha256: c.excerpt_sha256, href: excerptPath(c.id) }
      : null,
  recordedBy: c.recorded_by,
  recordedAt: c.recorded_at,
  confirmedBy: c.confirmed_by,
  confirmedAt: c.confirmed_at,
  supersededBy: c.superseded_by,
  supersededAt: c.superseded_at,
  revision: c.revision,
});

/** An asked body's state at `now`: closed with the request, answered, overdue past the due time, or open. */
export function targetStatus(
  r: RequestRow,
  t: TargetRow,
  now: Date,
): 'open' | 'answered' | 'overdue' | 'closed' {
  if (t.answered_at !== null) return 'answered';
  if (r.closed_at !== null) return 'closed';
  return now.toISOString() >= r.due_at ? 'overdue' : 'open';
}

export const presentRequest = (
  r: RequestRow,
  targets: readonly TargetRow[],
  orgs: Map<string, OrgRow>,
  now: Date,
) => ({
  id: r.id,
  sender: orgRef(orgs.get(r.org_id)),
  message: r.message,
  asksClause: r.asks_clause === 1,
  asksContactStructure: r.asks_contacts === 1,
  dueDate: r.due_date,
  dueAt: r.due_at,
  fiscalYear: r.fiscal_year,
  createdAt: r.created_at,
  closedAt: r.closed_at,
  targets: targets.map((t) => ({
    org: orgRef(orgs.get(t.org_id)),
    status: targetStatus(r, t, now),
    clauseId: t.clause_id,
    clauseConfirmedAt: t.clause_confirmed_at,
    contactStructureConfirmedAt: t.contacts_confirmed_at,
    answeredAt: t.answered_at,
    remindedAt: t.reminded_at,
    escalatedAt: t.escalated_at,
  })),
});
