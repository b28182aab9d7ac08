import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import { fiscalYearOf } from '../../platform/calendar.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { fileNameOf } from '../attachments/attachments.names.js';
import type { Upload } from '../attachments/attachments.usecases.js';
import { lockOrgRow, type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import type { PolicyDeps } from './policies.deps.js';
import { policyErrors } from './policies.errors.js';
import { type ClauseCard, type ClauseRow, policiesRepository as repo } from './policies.repository.js';
import { CLAUSE_TEXT_MAX, DOCUMENT_NAME_MAX, DOCUMENT_VERSION_MAX } from './policies.schemas.js';
import { checkedText, isCalendarDate } from './policies.text.js';

/** A body whose register the actor reads; one it may not read does not exist for it (as an unknown slug). */
async function readableBody(db: Executor, actor: Actor, slug: string): Promise<OrgRow> {
  const org = await orgsDirectory.bySlug(db, slug);
  if (
    !org ||
    org.kind === 'center' ||
    !can.readPolicyRegister(actor, { orgId: org.id, parentId: org.parent_id })
  )
    throw orgErrors.notFound();
  return org;
}

/** A body's register, newest first, and whether the actor records there. */
export async function readRegister(db: Executor, actor: Actor, slug: string) {
  const org = await readableBody(db, actor, slug);
  return {
    org,
    mayRecord: can.recordPolicyClause(actor, { orgId: org.id }),
    items: await repo.clausesOfOrg(db, org.id),
  };
}

/** A clause record the actor sees, with its body. */
export async function readClause(db: Executor, actor: Actor, id: string) {
  const clause = await repo.clauseFor(db, actor, id);
  if (!clause) throw policyErrors.clauseNotFound();
  return { clause, org: await orgsDirectory.byId(db, clause.org_id) };
}

/** A clause record as first recorded (or recorded anew by a revision): checked text, no excerpt, unconfirmed. */
function newClauseRow(
  body: Pick<ClauseRow, 'org_id' | 'parent_id'>,
  input: { documentName: string; documentVersion: string; inForceOn: string; clauseText: string },
  recordedBy: string,
  now: string,
): ClauseRow {
  return {
    id: newId(),
    org_id: body.org_id,
    parent_id: body.parent_id,
    document_name: checkedText(input.documentName, 'documentName', DOCUMENT_NAME_MAX),
    document_version: checkedText(input.documentVersion, 'documentVersion', DOCUMENT_VERSION_MAX),
    in_force_on: input.inForceOn,
    clause_text: checkedText(input.clauseText, 'clauseText', CLAUSE_TEXT_MAX),
    status: 'recorded',
    excerpt_name: null,
    excerpt_size: null,
    excerpt_sha256: null,
    excerpt: null,
    recorded_by: recordedBy,
    recorded_at: now,
    confirmed_by: null,
    confirmed_at: null,
    confirmed_fiscal_year: null,
    superseded_by: null,
    superseded_at: null,
    revision: 1,
  };
}

/** Records that a version of the body's policy holds the reporting clause: not yet confirmed. */
export async function recordClause(args: {
  unit: Unit;
  actor: Actor;
  slug: string;
  input: { documentName: string; documentVersion: string; inForceOn: string; clauseText: string };
  deps: PolicyDeps;
}): Promise<{ clause: ClauseCard; org: OrgRow }> {
  const { unit, actor, input, deps } = args;
  const org = await readableBody(unit.tx, actor, args.slug);
  if (!can.recordPolicyClause(actor, { orgId: org.id }))
    throw commonErrors.forbidden('Only the body’s own security officer records its policy clause.');
  if (!isCalendarDate(input.inForceOn)) throw policyErrors.badDate('inForceOn');
  const now = deps.clock.now().toISOString();
  const row = newClauseRow({ org_id: org.id, parent_id: org.parent_id }, input, actor.userId, now);
  await repo.insertClause(unit.tx, row);
  await deps.audit.append(
    unit,
    audited(actor, 'policy_clause.record', 'policy_clause', row.id, {
      org: org.slug,
      document: row.document_name,
      version: row.document_version,
    }),
    new Date(now),
  );
  const { excerpt: _bytes, ...clause } = row;
  return { clause, org };
}

/** The record (locked for the rest of the unit) if the actor sees it and may change it, still unconfirmed. */
async function changeable(
  unit: Unit,
  actor: Actor,
  id: string,
  revision: number,
  what: 'record' | 'confirm',
) {
  await repo.lockClause(unit.tx, id, unit.dialect);
  const clause = await repo.clauseFor(unit.tx, actor, id);
  if (!clause) throw policyErrors.clauseNotFound();
  const body = { orgId: clause.org_id };
  if (what === 'record' ? !can.recordPolicyClause(actor, body) : !can.confirmPolicyClause(actor, body))
    throw commonErrors.forbidden(
      'Only the body’s own security officer changes or confirms its clause records.',
    );
  if (clause.status !== 'recorded') throw policyErrors.notRecorded(clause.status);
  if (clause.revision !== revision) throw policyErrors.stale(clause.revision);
  return clause;
}

// A PDF begins with its header, %PDF-, at the very first byte, and ends with %%EOF (a few bytes of line end may
// follow). Anything before the header (a byte order mark, an HTML page that hides a PDF further on) is refused:
// such a polyglot is what a browser could be talked into rendering as something else.
const HEADER = Buffer.from('%PDF-', 'latin1');
const TRAILER = Buffer.from('%%EOF', 'latin1');
const isPdf = (content: Buffer) =>
  content.subarray(0, HEADER.length).equals(HEADER) &&
  content.subarray(Math.max(0, content.length - 1024)).includes(TRAILER);

/** Keeps the excerpt of the policy (a PDF) with a record not yet confirmed, with its SHA-256. */
export async function uploadExcerpt(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: { revision: number; name: string; mediaType: string | undefined };
  upload: Upload | undefined;
  deps: PolicyDeps;
}): Promise<{ clause: ClauseCard; org: OrgRow | undefined }> {
  const { unit, actor, id, input, upload, deps } = args;
  const clause = await changeable(unit, actor, id, input.revision, 'record');
  const type = (input.mediaType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/pdf') throw policyErrors.notPdfType();
  const name = fileNameOf(input.name);
  if (!upload || upload.size === 0) throw policyErrors.excerptEmpty();
  if (!isPdf(upload.content)) throw policyErrors.notPdf();
  const change = {
    excerpt_name: name,
    excerpt_size: upload.size,
    excerpt_sha256: upload.sha256,
    excerpt: upload.content,
    revision: clause.revision + 1,
  };
  if (!(await repo.updateRecorded(unit.tx, id, clause.revision, change)))
    throw policyErrors.stale(clause.revision + 1);
  await deps.audit.append(
    unit,
    audited(actor, 'policy_clause.excerpt_upload', 'policy_clause', id, {
      sha256: upload.sha256,
      size: upload.size,
    }),
    deps.clock.now(),
  );
  const { excerpt: _bytes, ...rest } = change;
  return { clause: { ...clause, ...rest }, org: await orgsDirectory.byId(unit.tx, clause.org_id) };
}

/** The excerpt's bytes, for whoever reads the record (audited). */
export async function downloadExcerpt(args: { unit: Unit; actor: Actor; id: string; deps: PolicyDeps }) {
  const { unit, actor, id, deps } = args;
  const row = await repo.excerptFor(unit.tx, actor, id);
  if (!row) throw policyErrors.clauseNotFound();
  if (!row.excerpt || !row.excerpt_name || !row.excerpt_sha256) throw policyErrors.noExcerpt();
  await deps.audit.append(
    unit,
    audited(actor, 'policy_clause.excerpt_download', 'policy_clause', id, { sha256: row.excerpt_sha256 }),
    deps.clock.now(),
  );
  return { file_name: row.excerpt_name, sha256: row.excerpt_sha256, content: Buffer.from(row.excerpt) };
}

/**
 * The body's security officer confirms the record as read (its revision): from now on it is the body's clause
 * in force, and the one confirmed before it is history (superseded). Two confirmations at once: one wins, the
 * other finds the record changed (409).
 */
export async function confirmClause(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  revision: number;
  deps: PolicyDeps;
}): Promise<{ clause: ClauseCard; org: OrgRow | undefined }> {
  const { unit, actor, id, revision, deps } = args;
  const clause = await changeable(unit, actor, id, revision, 'confirm');
  // One body's confirmations take turns, so that exactly one record is in force (SQLite writes one at a time).
  if (unit.dialect === 'postgres') await lockOrgRow(unit.tx, clause.org_id);
  const now = deps.clock.now();
  const at = now.toISOString();
  const change = {
    status: 'confirmed',
    confirmed_by: actor.userId,
    confirmed_at: at,
    confirmed_fiscal_year: fiscalYearOf(now, deps.timeZone),
    revision: clause.revision + 1,
  };
  if (!(await repo.updateRecorded(unit.tx, id, clause.revision, change)))
    throw policyErrors.stale(clause.revision + 1);
  await repo.supersede(unit.tx, clause.org_id, id, at);
  await deps.audit.append(
    unit,
    audited(actor, 'policy_clause.confirm', 'policy_clause', id, {
      document: clause.document_name,
      version: clause.document_version,
    }),
    now,
  );
  const chain = await orgsDirectory.chainOf(unit.tx, clause.org_id);
  const org = chain.org;
  await deps.events.record(
    unit,
    {
      type: 'policy_clause.confirmed',
      incidentId: null,
      readerOrgIds: [clause.org_id, chain.parent?.id, chain.center?.id].filter((x): x is string => !!x),
      payload: { clauseId: id, org: org?.slug ?? '' },
    },
    now,
  );
  return { clause: { ...clause, ...change }, org };
}

/**
 * A new revision of a clause record (the body's security officer, on the revision read): a new record, not yet
 * confirmed, so it must be confirmed again. The record revised stays as history — one not yet confirmed is
 * superseded by the new one at once; a confirmed one stays in force until the new one is confirmed (which
 * supersedes it). Its revision moves on, so a second edit or a confirmation made on the same revision is stale
 * (409). The excerpt is not carried over: the new revision gets its own.
 */
export async function reviseClause(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: {
    revision: number;
    documentName: string;
    documentVersion: string;
    inForceOn: string;
    clauseText: string;
  };
  deps: PolicyDeps;
}): Promise<{ clause: ClauseCard; org: OrgRow | undefined }> {
  const { unit, actor, id, input, deps } = args;
  await repo.lockClause(unit.tx, id, unit.dialect);
  const old = await repo.clauseFor(unit.tx, actor, id);
  if (!old) throw policyErrors.clauseNotFound();
  if (!can.recordPolicyClause(actor, { orgId: old.org_id }))
    throw commonErrors.forbidden('Only the body’s own security officer revises its clause records.');
  if (old.status === 'superseded') throw policyErrors.notRecorded(old.status);
  if (old.revision !== input.revision) throw policyErrors.stale(old.revision);
  if (!isCalendarDate(input.inForceOn)) throw policyErrors.badDate('inForceOn');
  const now = deps.clock.now().toISOString();
  const row = newClauseRow(old, input, actor.userId, now);
  await repo.insertClause(unit.tx, row);
  const change: Partial<ClauseRow> =
    old.status === 'recorded'
      ? { status: 'superseded', superseded_by: row.id, superseded_at: now, revision: old.revision + 1 }
      : { revision: old.revision + 1 };
  if (!(await repo.updateRevised(unit.tx, id, old.revision, old.status, change)))
    throw policyErrors.stale(old.revision + 1);
  const org = await orgsDirectory.byId(unit.tx, old.org_id);
  await deps.audit.append(
    unit,
    audited(actor, 'policy_clause.revise', 'policy_clause', row.id, {
      org: org?.slug ?? '',
      revises: id,
      document: row.document_name,
      version: row.document_version,
    }),
    new Date(now),
  );
  const { excerpt: _bytes, ...clause } = row;
  return { clause, org };
}
