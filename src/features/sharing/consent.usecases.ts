import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { newId } from '../../platform/ids.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { namesOf, type Tightening, tighteningOf } from './consent.tightening.js';
import { isYoungAccount } from './consent.young.js';
import { resolveRecipients } from './sharing.audience.js';
import { composeContent } from './sharing.compose.js';
import { consentRequestsRepository } from './sharing.consent.repository.js';
import type { SharingDeps } from './sharing.deps.js';
import { consentErrors, shareErrors } from './sharing.errors.js';
import { managers, settle } from './sharing.publication.js';
import {
  audienceOf,
  type ConsentRow,
  contentColumns,
  type ShareRow,
  sharesRepository,
  termsOf,
} from './sharing.repository.js';
import type { DecisionInput } from './sharing.schemas.js';
import type { SourceIncident } from './sharing.sources.js';
import { termsWithin } from './sharing.strictness.js';
import { type AudienceSpec, type Terms, tlpRank } from './sharing.terms.js';
import { standingCovers } from './standing.js';

/**
 * Asks each consenting body for its consent to the share as it stands (a new round). A body's standing consent
 * that covers it answers at once, recorded as given by that rule; the others are asked, with a deadline.
 */
export async function askConsent(args: {
  unit: Unit;
  share: ShareRow;
  consentingOrgIds: string[];
  sources: SourceIncident[];
  sourceBodies: OrgRow[];
  dueAt: string;
  actor: Actor;
  deps: SharingDeps;
}): Promise<ShareRow> {
  const { unit, share, consentingOrgIds, sources, sourceBodies, dueAt, actor, deps } = args;
  const now = deps.clock.now();
  const at = now.toISOString();
  const terms = termsOf(share);
  const kinds = new Map(
    [...(await orgsDirectory.byIds(unit.tx, terms.recipients.orgIds)).values()].map((o) => [o.id, o.kind]),
  );
  // Files cannot be checked for what a standing consent excludes (names of the body, more than indicators):
  // a share that carries any is always put to the body's officers.
  const carriesFiles = (await sharesRepository.attachmentLinks(unit.tx, [share.id])).length > 0;
  for (const orgId of consentingOrgIds) {
    const rules = carriesFiles ? [] : await sharesRepository.activeStanding(unit.tx, orgId);
    const rule = rules.find((r) =>
      standingCovers({ rule: r, terms, recipientKinds: kinds, sources, sourceBodies }),
    );
    const request: ConsentRow = {
      id: newId(),
      share_id: share.id,
      org_id: orgId,
      round: share.round,
      status: rule ? 'approved' : 'pending',
      asked_at: at,
      due_at: dueAt,
      reminded_at: null,
      decided_at: rule ? at : null,
      decided_by: null,
      reason: null,
      approved_terms: rule ? JSON.stringify(terms) : null,
      standing_consent_id: rule?.id ?? null,
      young_account: rule?.young_account ?? 0,
    };
    await sharesRepository.insertConsent(unit.tx, request);
    await deps.audit.append(
      unit,
      rule
        ? audited(null, 'consent.standing_approve', 'consent_request', request.id, {
            shareId: share.id,
            standingConsentId: rule.id,
            ...(rule.young_account === 1 ? { youngAccount: true } : {}),
          })
        : audited(actor, 'consent.request', 'consent_request', request.id, { shareId: share.id, dueAt }),
      now,
    );
    if (!rule)
      await deps.events.record(
        unit,
        {
          type: 'consent.requested',
          incidentId: null,
          readerOrgIds: [orgId],
          payload: { requestId: request.id, shareId: share.id, dueAt },
        },
        now,
      );
  }
  return settle({ unit, share, actor, deps });
}

/** A consent request the actor may answer, with its share; anything else does not exist for the actor. */
export async function answerable(unit: Unit, actor: Actor, id: string) {
  const request = await sharesRepository.consentById(unit.tx, id);
  if (!request || !can.answerConsent(actor, { orgId: request.org_id })) throw consentErrors.notFound();
  const share = await sharesRepository.byId(unit.tx, request.share_id);
  if (!share) throw consentErrors.notFound();
  return { request, share };
}

/**
 * Records a body's answer. An approval may make the terms stricter — a stricter TLP, fewer recipients, less
 * content — never looser; the share then stands on the stricter terms, and it is published once every consent
 * of the round covers it.
 */
export async function decideConsent(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: DecisionInput;
  deps: SharingDeps;
}): Promise<{ request: ConsentRow; share: ShareRow }> {
  const { unit, actor, id, input, deps } = args;
  const found = await answerable(unit, actor, id);
  await sharesRepository.lock(unit.tx, unit.dialect, found.share.id);
  const { request } = found;
  let share = (await sharesRepository.byId(unit.tx, found.share.id)) as ShareRow;
  const current = await sharesRepository.consentById(unit.tx, request.id);
  if (current?.status === 'superseded') throw consentErrors.superseded();
  if (current?.status === 'withdrawn' || share.status === 'withdrawn') throw shareErrors.withdrawn();
  if (current?.status !== 'pending') throw consentErrors.alreadyDecided();
  const now = deps.clock.now();
  const at = now.toISOString();
  if (current.due_at <= at) throw consentErrors.expired();
  if (input.revision !== undefined && input.revision !== share.revision) throw consentErrors.termsChanged();

  let decided: ConsentRow;
  if (input.decision === 'reject') {
    const reason = input.reason?.trim();
    if (!reason) throw consentErrors.reasonRequired();
    decided = { ...current, status: 'rejected', decided_at: at, decided_by: actor.userId, reason };
  } else {
    const asked = termsOf(share);
    const tlp = input.tlp ?? asked.tlp;
    // A looser TLP is refused as such, before its audience is resolved (TLP:RED's named people would otherwise
    // answer "named people need TLP:RED" to a body that only tried to loosen the label).
    if (tlpRank(tlp) < tlpRank(asked.tlp)) throw consentErrors.looserTerms(['tlp']);
    const audience: AudienceSpec = (input.audience as AudienceSpec | undefined) ?? audienceOf(share);
    const recipients =
      input.audience || tlp !== asked.tlp
        ? await resolveRecipients(unit.tx, audience, tlp)
        : asked.recipients;
    // The source writes its own stricter text; it is checked as it comes, without redaction of ours.
    const content = input.content ? composeContent(input.content, undefined, []).content : asked.content;
    const candidate: Terms = { content, tlp, recipients };
    const within = termsWithin(candidate, asked);
    if (!within.ok) throw consentErrors.looserTerms(within.fields);
    let tightened: Tightening[] = [];
    if (JSON.stringify(candidate) !== JSON.stringify(asked)) {
      tightened = tighteningOf(asked, candidate, await namesOf(unit.tx, asked));
      const changes = {
        ...contentColumns(content),
        tlp,
        audience: JSON.stringify(audience),
        recipients: JSON.stringify(recipients),
        revision: share.revision + 1,
        updated_at: at,
      };
      await sharesRepository.update(unit.tx, share.id, changes);
      share = { ...share, ...changes };
      await deps.audit.append(
        unit,
        audited(actor, 'share.tighten', 'share', share.id, {
          requestId: id,
          fields: changedFields(asked, candidate),
        }),
        now,
      );
    }
    const reason = input.reason?.trim() || null;
    const young = await isYoungAccount(unit.tx, actor.userId, now, deps.consentMinAccountAgeDays);
    decided = {
      ...current,
      status: 'approved',
      decided_at: at,
      decided_by: actor.userId,
      reason,
      approved_terms: JSON.stringify(candidate),
      young_account: young ? 1 : 0,
      tightened: tightened.length > 0 ? JSON.stringify(tightened) : null,
    };
  }
  const { id: _id, ...changes } = decided;
  await sharesRepository.updateConsent(unit.tx, id, changes);
  await deps.audit.append(
    unit,
    audited(actor, `consent.${input.decision}`, 'consent_request', id, {
      shareId: share.id,
      revision: share.revision,
      ...(decided.young_account === 1 ? { youngAccount: true } : {}),
    }),
    now,
  );
  await deps.events.record(
    unit,
    {
      type: 'consent.decided',
      incidentId: null,
      readerOrgIds: await managers(unit, [decided]),
      payload: {
        requestId: id,
        shareId: share.id,
        decision: input.decision,
        // Which fields were tightened (names only: the center reads the values on the request).
        ...(decided.tightened ? { tightened: tighteningFields(decided.tightened) } : {}),
      },
    },
    now,
  );
  share = await settle({ unit, share, actor, deps });
  return { request: decided, share };
}

const tighteningFields = (json: string) => (JSON.parse(json) as Tightening[]).map((x) => x.field);

function changedFields(a: Terms, b: Terms): string[] {
  const out: string[] = [];
  if (a.tlp !== b.tlp) out.push('tlp');
  if (JSON.stringify(a.recipients) !== JSON.stringify(b.recipients)) out.push('audience');
  if (JSON.stringify(a.content) !== JSON.stringify(b.content)) out.push('content');
  return out;
}

/**
 * Reminds bodies of consent requests close to their deadline, and lets the expired ones lapse: on expiry
 * nothing is shared. Safe on several nodes at once (PostgreSQL: each takes rows the others do not hold).
 */
export async function sweepConsentDeadlines(
  handle: DatabaseHandle,
  deps: SharingDeps,
  batch = 100,
): Promise<{ reminded: number; expired: number }> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const remindBy = new Date(now.getTime() + deps.consentReminderHours * 3_600_000).toISOString();
  return inTransaction(handle, async (unit) => {
    const due = await consentRequestsRepository.dueForDeadline(unit.tx, unit.dialect, at, remindBy, batch);
    let reminded = 0;
    let expired = 0;
    for (const c of due) {
      if (c.due_at <= at) {
        expired++;
        await sharesRepository.updateConsent(unit.tx, c.id, { status: 'expired', decided_at: at });
        await deps.audit.append(
          unit,
          audited(null, 'consent.expire', 'consent_request', c.id, { shareId: c.share_id }),
          now,
        );
        await deps.events.record(
          unit,
          {
            type: 'consent.decided',
            incidentId: null,
            readerOrgIds: await managers(unit, [c]),
            payload: { requestId: c.id, shareId: c.share_id, decision: 'expired' },
          },
          now,
        );
        const share = await sharesRepository.byId(unit.tx, c.share_id);
        if (share && share.round === c.round) await settle({ unit, share, actor: null, deps });
      } else {
        reminded++;
        await sharesRepository.updateConsent(unit.tx, c.id, { reminded_at: at });
        await deps.events.record(
          unit,
          {
            type: 'consent.reminder',
            incidentId: null,
            readerOrgIds: [c.org_id],
            payload: { requestId: c.id, shareId: c.share_id, dueAt: c.due_at },
          },
          now,
        );
      }
    }
    return { reminded, expired };
  });
}
