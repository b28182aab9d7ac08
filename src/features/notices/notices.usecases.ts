import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { noticeErrors } from './notices.errors.js';
import {
  type NoticeRow,
  PUBLIC_NOTICES_CHANGED,
  noticesRepository as repo,
  type VersionRow,
} from './notices.repository.js';
import { NOTICE_REASON_MAX } from './notices.schemas.js';
import { type NoticeContent, type NoticeKind, noticeTemplate } from './notices.template.js';
import { checkedContent, checkedNote } from './notices.text.js';
import { type NoticeDeps, told } from './notices.track.js';

/** A notice and its versions and comments, if the actor sees it. */
export async function readNotice(db: Executor, actor: Actor, id: string) {
  const notice = await repo.noticeFor(db, actor, id);
  if (!notice) throw noticeErrors.notFound();
  const [versions, comments] = await Promise.all([repo.versions(db, [id]), repo.comments(db, id)]);
  return { notice, versions, comments };
}

/** Drafts a notice on the incident (from the template when no text is given): its 第1報, a draft. */
export async function draftNotice(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  input: { kind: NoticeKind; content?: NoticeContent | undefined };
  deps: NoticeDeps;
}): Promise<string> {
  const { unit, actor, incidentId, input, deps } = args;
  const track = await repo.trackFor(unit.tx, actor, incidentId);
  if (!track) throw noticeErrors.trackNotFound();
  if (!can.draftNotices(actor, { orgId: track.org_id }))
    throw commonErrors.forbidden('Only the incident’s own body drafts its notices.');
  const content = checkedContent(input.content ?? noticeTemplate(input.kind));
  const now = deps.clock.now().toISOString();
  const notice: NoticeRow = {
    id: newId(),
    incident_id: incidentId,
    org_id: track.org_id,
    parent_id: track.parent_id,
    kind: input.kind,
    status: 'draft',
    created_by: actor.userId,
    created_at: now,
    published_at: null,
    updated_at: now,
    withdrawn_at: null,
    withdrawn_by: null,
  };
  await repo.insertNotice(unit.tx, notice);
  await repo.insertVersion(unit.tx, newVersion(notice.id, 1, 'report', content, actor, now));
  await deps.audit.append(
    unit,
    audited(actor, 'notice.draft', 'notice', notice.id, { incidentId, seq: 1 }),
    new Date(now),
  );
  await told(unit, deps, incidentId, 'drafted', notice.id);
  return notice.id;
}

const newVersion = (
  noticeId: string,
  seq: number,
  kind: 'report' | 'correction',
  content: NoticeContent,
  actor: Actor,
  now: string,
): VersionRow => ({
  notice_id: noticeId,
  seq,
  kind,
  status: 'draft',
  content: JSON.stringify(content),
  revision: 1,
  author_ids: JSON.stringify([actor.userId]),
  approved_by: null,
  approved_at: null,
  published_by: null,
  published_at: null,
  created_at: now,
  updated_at: now,
});

/** The notice (locked for the rest of the unit) and one of its versions, as the actor sees them. */
async function noticeAndVersion(unit: Unit, actor: Actor, id: string, seq: number) {
  await repo.lockNotice(unit.tx, id, unit.dialect);
  const notice = await repo.noticeFor(unit.tx, actor, id);
  if (!notice) throw noticeErrors.notFound();
  const version = (await repo.versions(unit.tx, [id])).find((v) => v.seq === seq);
  if (!version) throw noticeErrors.versionNotFound();
  return { notice, version };
}

const authorsOf = (v: VersionRow) => JSON.parse(v.author_ids) as string[];

/** A new version after publication: the next 第N報 or a correction, from the text last published unless given. */
export async function addVersion(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: { kind: 'report' | 'correction'; content?: NoticeContent | undefined };
  deps: NoticeDeps;
}): Promise<void> {
  const { unit, actor, id, input, deps } = args;
  await repo.lockNotice(unit.tx, id, unit.dialect);
  const notice = await repo.noticeFor(unit.tx, actor, id);
  if (!notice) throw noticeErrors.notFound();
  if (!can.draftNotices(actor, { orgId: notice.org_id }))
    throw commonErrors.forbidden('Only the notice’s own body drafts its versions.');
  if (notice.status === 'withdrawn') throw noticeErrors.withdrawn();
  if (notice.status !== 'published') throw noticeErrors.notPublished();
  const versions = await repo.versions(unit.tx, [id]);
  if (versions.some((v) => v.status === 'draft' || v.status === 'approved')) throw noticeErrors.openVersion();
  const last = versions.filter((v) => v.status === 'published').at(-1);
  const content = checkedContent(input.content ?? (JSON.parse(last?.content ?? '{}') as NoticeContent));
  const seq = (versions.at(-1)?.seq ?? 0) + 1;
  const now = deps.clock.now().toISOString();
  await repo.insertVersion(unit.tx, newVersion(id, seq, input.kind, content, actor, now));
  await repo.updateNotice(unit.tx, id, { updated_at: now });
  await deps.audit.append(
    unit,
    audited(actor, 'notice.draft', 'notice', id, { seq, kind: input.kind }),
    new Date(now),
  );
  await told(unit, deps, notice.incident_id, 'drafted', id);
}

/** Changes a draft's (or an approved version's) text: it goes back to draft, and its approval is gone. */
export async function editVersion(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  seq: number;
  input: { revision: number; content: NoticeContent };
  deps: NoticeDeps;
}): Promise<void> {
  const { unit, actor, id, seq, input, deps } = args;
  const { notice, version } = await noticeAndVersion(unit, actor, id, seq);
  if (!can.draftNotices(actor, { orgId: notice.org_id }))
    throw commonErrors.forbidden('Only the notice’s own body changes its drafts.');
  if (notice.status === 'withdrawn') throw noticeErrors.withdrawn();
  if (version.status !== 'draft' && version.status !== 'approved')
    throw noticeErrors.notDraft(version.status);
  const content = checkedContent(input.content);
  if (version.revision !== input.revision) throw noticeErrors.stale(version.revision);
  const now = deps.clock.now().toISOString();
  const authors = [...new Set([...authorsOf(version), actor.userId])];
  const ok = await repo.updateVersion(unit.tx, id, seq, version.revision, {
    content: JSON.stringify(content),
    status: 'draft',
    approved_by: null,
    approved_at: null,
    author_ids: JSON.stringify(authors),
    revision: version.revision + 1,
    updated_at: now,
  });
  if (!ok) throw noticeErrors.stale(version.revision + 1);
  await repo.updateNotice(unit.tx, id, { updated_at: now });
  await deps.audit.append(unit, audited(actor, 'notice.edit', 'notice', id, { seq }), new Date(now));
  await told(unit, deps, notice.incident_id, 'edited', id);
}

/** The body's approver, who wrote none of it, approves a draft as read (its revision). */
export async function approveVersion(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  seq: number;
  revision: number;
  deps: NoticeDeps;
}): Promise<void> {
  const { unit, actor, id, seq, revision, deps } = args;
  const { notice, version } = await noticeAndVersion(unit, actor, id, seq);
  if (!can.publishNotice(actor, { orgId: notice.org_id }))
    throw commonErrors.forbidden('Only the approver of the notice’s body (its security officer) approves.');
  if (!can.approveNotice(actor, { orgId: notice.org_id, authorIds: authorsOf(version) }))
    throw noticeErrors.ownDraft();
  if (notice.status === 'withdrawn') throw noticeErrors.withdrawn();
  if (version.status !== 'draft') throw noticeErrors.notDraft(version.status);
  if (version.revision !== revision) throw noticeErrors.stale(version.revision);
  const now = deps.clock.now().toISOString();
  const ok = await repo.updateVersion(unit.tx, id, seq, revision, {
    status: 'approved',
    approved_by: actor.userId,
    approved_at: now,
    revision: revision + 1,
    updated_at: now,
  });
  if (!ok) throw noticeErrors.stale(revision + 1);
  await deps.audit.append(unit, audited(actor, 'notice.approve', 'notice', id, { seq }), new Date(now));
  await told(unit, deps, notice.incident_id, 'approved', id);
}

/**
 * Publishes an approved version, as approved (its revision): from now on the public site shows it. Only when the
 * body has decided to explain the incident to the public.
 */
export async function publishVersion(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  seq: number;
  revision: number;
  deps: NoticeDeps;
}): Promise<void> {
  const { unit, actor, id, seq, revision, deps } = args;
  const { notice, version } = await noticeAndVersion(unit, actor, id, seq);
  if (!can.publishNotice(actor, { orgId: notice.org_id }))
    throw commonErrors.forbidden('Only the security officer of the notice’s body publishes it.');
  if (notice.status === 'withdrawn') throw noticeErrors.withdrawn();
  if (version.status === 'draft') throw noticeErrors.notApproved();
  if (version.status !== 'approved') throw noticeErrors.notDraft(version.status);
  if (version.revision !== revision) throw noticeErrors.stale(version.revision);
  const track = await repo.trackOf(unit.tx, notice.incident_id);
  if (track?.decision !== 'publish') throw noticeErrors.notDecided();
  const now = deps.clock.now().toISOString();
  const ok = await repo.updateVersion(unit.tx, id, seq, revision, {
    status: 'published',
    published_by: actor.userId,
    published_at: now,
    revision: revision + 1,
    updated_at: now,
  });
  if (!ok) throw noticeErrors.stale(revision + 1);
  await repo.updateNotice(unit.tx, id, {
    status: 'published',
    published_at: notice.published_at ?? now,
    updated_at: now,
  });
  unit.changed(PUBLIC_NOTICES_CHANGED);
  await deps.audit.append(unit, audited(actor, 'notice.publish', 'notice', id, { seq }), new Date(now));
  await told(unit, deps, notice.incident_id, 'published', id);
}

/** Withdraws a published notice: the public site keeps a dated tombstone; open drafts are discarded. */
export async function withdrawNotice(args: { unit: Unit; actor: Actor; id: string; deps: NoticeDeps }) {
  const { unit, actor, id, deps } = args;
  await repo.lockNotice(unit.tx, id, unit.dialect);
  const notice = await repo.noticeFor(unit.tx, actor, id);
  if (!notice) throw noticeErrors.notFound();
  if (!can.publishNotice(actor, { orgId: notice.org_id }))
    throw commonErrors.forbidden('Only the security officer of the notice’s body withdraws it.');
  if (notice.status === 'withdrawn') throw noticeErrors.withdrawn();
  if (notice.status !== 'published') throw noticeErrors.notPublished();
  const now = deps.clock.now().toISOString();
  await repo.discardOpenVersions(unit.tx, id, now);
  await repo.updateNotice(unit.tx, id, {
    status: 'withdrawn',
    withdrawn_at: now,
    withdrawn_by: actor.userId,
    updated_at: now,
  });
  unit.changed(PUBLIC_NOTICES_CHANGED);
  await deps.audit.append(unit, audited(actor, 'notice.withdraw', 'notice', id), new Date(now));
  await told(unit, deps, notice.incident_id, 'withdrawn', id);
}

/** A comment on a version before it is published: the body, its supervising ministry, the center. */
export async function commentOnNotice(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: { seq: number; body: string };
  deps: NoticeDeps;
}): Promise<void> {
  const { unit, actor, id, input, deps } = args;
  const { notice, version } = await noticeAndVersion(unit, actor, id, input.seq);
  if (notice.status === 'withdrawn') throw noticeErrors.withdrawn();
  if (version.status !== 'draft' && version.status !== 'approved')
    throw noticeErrors.notDraft(version.status);
  const body = checkedNote(input.body, 'body', NOTICE_REASON_MAX);
  const now = deps.clock.now().toISOString();
  await repo.insertComment(unit.tx, {
    id: newId(),
    notice_id: id,
    seq: input.seq,
    org_id: actor.orgId,
    author_id: actor.userId,
    body,
    created_at: now,
  });
  await deps.audit.append(
    unit,
    audited(actor, 'notice.comment', 'notice', id, { seq: input.seq }),
    new Date(now),
  );
  await told(unit, deps, notice.incident_id, 'commented', id);
}
