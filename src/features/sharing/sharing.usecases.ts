import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { askConsent } from './consent.usecases.js';
import { carryAttachments, chooseAttachments } from './sharing.attachments.js';
import { resolveRecipients } from './sharing.audience.js';
import { composeContent } from './sharing.compose.js';
import { consentRequestsRepository } from './sharing.consent.repository.js';
import type { SharingDeps } from './sharing.deps.js';
import { shareErrors } from './sharing.errors.js';
import { undeclaredSources } from './sharing.guard.js';
import {
  awaitPublication,
  formerRecipientAddresses,
  managers,
  needsSecondPublisher,
  publish,
  recipientAddress,
} from './sharing.publication.js';
import {
  audienceOf,
  authorsOf,
  contentColumns,
  contentOf,
  editorsOf,
  recipientsOf,
  type ShareRow,
  sharesRepository,
} from './sharing.repository.js';
import type { CreateShareInput, EditShareInput } from './sharing.schemas.js';
import { consentingOrgIds, loadSources, type SourceIncident, sourceBodies } from './sharing.sources.js';
import type { AudienceSpec, ShareContent, Tlp } from './sharing.terms.js';
import { receives, viewOf } from './sharing.visibility.js';

const MAX_DUE_DAYS = 30;

function consentDue(input: string | undefined, now: Date, deps: SharingDeps): string {
  if (input === undefined)
    return new Date(now.getTime() + deps.consentDeadlineHours * 3_600_000).toISOString();
  const due = new Date(input);
  if (due.getTime() <= now.getTime() || due.getTime() > now.getTime() + MAX_DUE_DAYS * 86_400_000)
    throw shareErrors.badDueDate();
  return due.toISOString();
}

/**
 * A share carries nothing of a report whose body is not asked: text quoted from it or an indicator it names
 * makes the share derived from it, whatever the analyst declares (sharing.guard).
 */
async function refuseUndeclared(unit: Unit, actor: Actor, sources: SourceIncident[], content: ShareContent) {
  const derived = await undeclaredSources({ unit, actor, content, sourceIds: sources.map((s) => s.id) });
  if (derived.length > 0) throw shareErrors.undeclaredSource(derived);
}

/** Sources, their consenting bodies, and the bodies an anonymised text must not name, of a share. */
async function provenance(unit: Unit, actor: Actor, ids: string[], deps: SharingDeps) {
  const sources = await loadSources(unit.tx, unit.dialect, actor, ids);
  const consenting = sources.length > 0 ? await consentingOrgIds(unit.tx, sources, deps.consentFrom) : [];
  return { sources, consenting, bodies: sourceBodies(sources) };
}

/**
 * Drafts a share or an advisory (center). With source incidents it goes out only once their bodies consent;
 * without any (the center's own analysis) it goes out at once under TLP:AMBER or stricter, and under
 * TLP:GREEN or TLP:CLEAR once a second coordinator publishes it (four eyes).
 */
export async function createShare(args: {
  unit: Unit;
  actor: Actor;
  input: CreateShareInput;
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, actor, input, deps } = args;
  if (!can.draftShares(actor))
    throw commonErrors.forbidden('Only center analysts and coordinators draft shares.');
  const { sources, consenting, bodies } = await provenance(unit, actor, input.sourceIncidentIds, deps);
  const audience = input.audience as AudienceSpec;
  const recipients = await resolveRecipients(unit.tx, audience, input.tlp);
  const { content, applied } = composeContent(input.content, input.redact, bodies);
  await refuseUndeclared(unit, actor, sources, content);
  const attachments = await chooseAttachments(
    unit.tx,
    sources.map((s) => s.id),
    input.attachmentIds ?? [],
  );
  const now = deps.clock.now();
  const at = now.toISOString();
  const dueAt = consentDue(input.consentDueAt, now, deps);
  const share: ShareRow = {
    id: newId(),
    kind: input.kind ?? (sources.length === 0 ? 'advisory' : 'share'),
    status: 'awaiting-consent',
    round: 1,
    revision: 1,
    ...contentColumns(content),
    tlp: input.tlp,
    audience: JSON.stringify(audience),
    recipients: JSON.stringify(recipients),
    redactions: JSON.stringify(applied),
    created_by: actor.userId,
    created_at: at,
    updated_at: at,
    consent_due_at: sources.length > 0 ? dueAt : null,
    published_at: null,
    withdrawn_at: null,
    withdrawn_by: null,
    withdraw_reason: null,
    edited_by: '[]',
    published_by: null,
  };
  await sharesRepository.insert(unit.tx, share);
  await sharesRepository.addSources(
    unit.tx,
    share.id,
    sources.map((s) => s.id),
  );
  await carryAttachments(unit.tx, share.id, attachments);
  await deps.audit.append(
    unit,
    audited(actor, 'share.create', 'share', share.id, {
      kind: share.kind,
      tlp: share.tlp,
      sources: sources.map((s) => s.id),
      attachments: attachments.map((a) => a.id),
      audience: audience.kind,
      redactions: applied,
    }),
    now,
  );
  return nextRound({ unit, actor, share, sources, consenting, bodies, dueAt, deps });
}

async function nextRound(args: {
  unit: Unit;
  actor: Actor;
  share: ShareRow;
  sources: SourceIncident[];
  consenting: string[];
  bodies: Awaited<ReturnType<typeof provenance>>['bodies'];
  dueAt: string;
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, actor, share, sources, consenting, bodies, dueAt, deps } = args;
  if (sources.length === 0)
    return needsSecondPublisher(share.tlp as Tlp)
      ? awaitPublication({ unit, share, deps })
      : publish({ unit, share, actor, deps, consents: [] });
  return askConsent({
    unit,
    share,
    consentingOrgIds: consenting,
    sources,
    sourceBodies: bodies,
    dueAt,
    actor,
    deps,
  });
}

/** A share the actor may manage (the center), or a 404 as if it did not exist. */
async function managed(unit: Unit, actor: Actor, id: string): Promise<ShareRow> {
  const share = await sharesRepository.byId(unit.tx, id);
  if (!share || (await viewOf(unit.tx, actor, share)) !== 'manage') throw shareErrors.notFound();
  return share;
}

/**
 * Changes a share (center). Whatever changes, a share derived from reports needs consent anew: it returns to
 * awaiting consent, and its recipients lose it until the sources approve again.
 */
export async function editShare(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: EditShareInput;
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, actor, id, input, deps } = args;
  const found = await managed(unit, actor, id);
  if (!can.draftShares(actor))
    throw commonErrors.forbidden('Only center analysts and coordinators edit shares.');
  await sharesRepository.lock(unit.tx, unit.dialect, id);
  const share = (await sharesRepository.byId(unit.tx, found.id)) as ShareRow;
  if (share.status === 'withdrawn') throw shareErrors.withdrawn();
  const sourceIds = (await sharesRepository.sources(unit.tx, [id])).map((s) => s.id);
  const { sources, consenting, bodies } = await provenance(unit, actor, sourceIds, deps);
  const audience = (input.audience as AudienceSpec | undefined) ?? audienceOf(share);
  const tlp = input.tlp ?? (share.tlp as CreateShareInput['tlp']);
  const recipients = await resolveRecipients(unit.tx, audience, tlp);
  const composed =
    input.content || input.redact
      ? composeContent(input.content ?? contentOf(share), input.redact, bodies)
      : { content: contentOf(share), applied: JSON.parse(share.redactions) };
  await refuseUndeclared(unit, actor, sources, composed.content);
  const attachments =
    input.attachmentIds === undefined
      ? undefined
      : await chooseAttachments(
          unit.tx,
          sources.map((s) => s.id),
          input.attachmentIds,
        );
  const now = deps.clock.now();
  const at = now.toISOString();
  const dueAt = consentDue(input.consentDueAt, now, deps);
  const formerReaders = share.status === 'published' ? recipientsOf(share) : null;
  const next: ShareRow = {
    ...share,
    ...contentColumns(composed.content),
    tlp,
    audience: JSON.stringify(audience),
    recipients: JSON.stringify(recipients),
    redactions: JSON.stringify(composed.applied),
    status: 'awaiting-consent',
    round: sources.length > 0 ? share.round + 1 : share.round,
    revision: share.revision + 1,
    updated_at: at,
    consent_due_at: sources.length > 0 ? dueAt : null,
    // Whoever changes it is one of its authors: four eyes need someone else to publish it.
    edited_by: JSON.stringify([...new Set([...editorsOf(share), actor.userId])]),
  };
  const { id: _id, ...changes } = next;
  await sharesRepository.update(unit.tx, id, changes);
  if (attachments) await carryAttachments(unit.tx, id, attachments);
  // Its readers lose it, but keep their claim to a retraction notice should it be withdrawn before it goes out
  // again: they have read it.
  await sharesRepository.retract(unit.tx, id, at);
  await sharesRepository.supersede(unit.tx, id, next.round, at);
  await deps.audit.append(
    unit,
    audited(actor, 'share.edit', 'share', id, {
      revision: next.revision,
      round: next.round,
      fields: Object.keys(input),
    }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'share.updated',
      incidentId: null,
      readerOrgIds: await managers(unit, await sharesRepository.consents(unit.tx, [id])),
      payload: { shareId: id, status: 'awaiting-consent' },
    },
    now,
  );
  if (formerReaders)
    await deps.events.record(
      unit,
      {
        type: 'share.updated',
        incidentId: null,
        ...recipientAddress(formerReaders),
        payload: { shareId: id, status: 'awaiting-consent' },
      },
      now,
    );
  return nextRound({ unit, actor, share: next, sources, consenting, bodies, dueAt, deps });
}

/**
 * Withdraws a share (its source, or the center): recipients lose it and receive a retraction notice; pending
 * consent requests close. The share and its history stay in the audit log.
 */
export async function withdrawShare(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  reason: string | undefined;
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, actor, id, reason, deps } = args;
  const found = await managed(unit, actor, id);
  await sharesRepository.lock(unit.tx, unit.dialect, id);
  const consents = await sharesRepository.consents(unit.tx, [id]);
  if (
    !can.withdrawShare(
      actor,
      consents.map((c) => c.org_id),
    )
  )
    throw commonErrors.forbidden('Only the center or a security officer of a source body withdraws a share.');
  const share = (await sharesRepository.byId(unit.tx, found.id)) as ShareRow;
  if (share.status === 'withdrawn') throw shareErrors.withdrawn();
  const now = deps.clock.now();
  const at = now.toISOString();
  const wasPublished = share.status === 'published';
  await sharesRepository.retract(unit.tx, id, at);
  const changes = {
    status: 'withdrawn',
    withdrawn_at: at,
    withdrawn_by: actor.userId,
    withdraw_reason: reason?.trim() || null,
    updated_at: at,
  };
  await sharesRepository.update(unit.tx, id, changes);
  await consentRequestsRepository.withdrawPending(unit.tx, id, at);
  await deps.audit.append(
    unit,
    audited(actor, 'share.withdraw', 'share', id, { wasPublished, reason: changes.withdraw_reason }),
    now,
  );
  const payload = { shareId: id };
  // Everyone who ever received it, in this round or before an edit took it back.
  for (const address of formerRecipientAddresses(await sharesRepository.retractionHolders(unit.tx, id)))
    await deps.events.record(unit, { type: 'share.withdrawn', incidentId: null, ...address, payload }, now);
  await deps.events.record(
    unit,
    { type: 'share.withdrawn', incidentId: null, readerOrgIds: await managers(unit, consents), payload },
    now,
  );
  return { ...share, ...changes };
}

/** A recipient body says it read a share, or (an advisory) that it applied the mitigation. Idempotent per body. */
export async function acknowledgeShare(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  kind: 'read' | 'mitigation-applied';
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, actor, id, kind, deps } = args;
  const share = await sharesRepository.byId(unit.tx, id);
  if (!share || !(await receives(unit.tx, actor, share))) throw shareErrors.notFound();
  if (kind === 'mitigation-applied' && share.kind !== 'advisory') throw shareErrors.notAnAdvisory();
  const now = deps.clock.now();
  const existing = await sharesRepository.acks(unit.tx, id, actor.orgId);
  if (existing.some((a) => a.kind === kind)) return share;
  await sharesRepository.insertAck(unit.tx, {
    share_id: id,
    org_id: actor.orgId,
    kind,
    user_id: actor.userId,
    at: now.toISOString(),
  });
  await deps.audit.append(unit, audited(actor, 'share.acknowledge', 'share', id, { kind }), now);
  await deps.events.record(
    unit,
    {
      type: 'share.acknowledged',
      incidentId: null,
      readerOrgIds: await managers(unit, []),
      payload: { shareId: id, orgSlug: actor.orgSlug, kind },
    },
    now,
  );
  return share;
}

/**
 * Publishes a sourceless share waiting for its second pair of eyes: a center coordinator who wrote none of
 * it (neither drafted nor changed it), on the revision they read.
 */
export async function publishShare(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  revision: number;
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, actor, id, revision, deps } = args;
  const found = await managed(unit, actor, id);
  if (!can.publishAdvisories(actor)) throw shareErrors.publisherNotCoordinator();
  await sharesRepository.lock(unit.tx, unit.dialect, found.id);
  const share = (await sharesRepository.byId(unit.tx, found.id)) as ShareRow;
  if (share.status === 'withdrawn') throw shareErrors.withdrawn();
  if (share.status !== 'awaiting-publication') throw shareErrors.notAwaitingPublication();
  if (share.revision !== revision) throw shareErrors.changedSinceRead();
  if (!can.publishAdvisory(actor, { authorIds: authorsOf(share) })) throw shareErrors.publisherIsAuthor();
  return publish({ unit, share, actor, deps, consents: [] });
}
