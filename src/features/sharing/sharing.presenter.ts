import { presentOrg } from '../incidents/incidents.presenter.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import type { Tightening } from './consent.tightening.js';
import { presentShareAttachment } from './sharing.attachments.js';
import type { ShareContext } from './sharing.context.js';
import {
  audienceOf,
  type ConsentRow,
  contentOf,
  editorsOf,
  recipientsOf,
  type ShareRow,
  type StandingRow,
} from './sharing.repository.js';
import type { ShareView } from './sharing.visibility.js';

// The explicit allow-list of what leaves the server about a share. Recipients get the approved content and its
// label, never where it came from or who else received it; retraction notices carry no content at all.

type Ack = { at: string; by: string } | null;

const ackOf = (acks: ShareContext['acks'], shareId: string, kind: string): Ack => {
  const a = acks.find((x) => x.share_id === shareId && x.kind === kind);
  return a ? { at: a.at, by: a.email } : null;
};

/** A body's acknowledgment of a share, from its acks. */
export const acknowledgmentOf = (acks: ShareContext['acks'], shareId: string) => ({
  read: ackOf(acks, shareId, 'read'),
  mitigationApplied: ackOf(acks, shareId, 'mitigation-applied'),
});

export function presentConsent(c: ConsentRow, ctx: Pick<ShareContext, 'orgs' | 'emails' | 'now'>) {
  return {
    id: c.id,
    org: presentOrg(ctx.orgs.get(c.org_id) as OrgRow),
    status: c.status === 'pending' && c.due_at <= ctx.now ? 'expired' : c.status,
    askedAt: c.asked_at,
    dueAt: c.due_at,
    decidedAt: c.decided_at,
    decidedBy: c.decided_by ? (ctx.emails.get(c.decided_by) ?? null) : null,
    reason: c.reason,
    standing: c.standing_consent_id !== null,
    youngAccount: c.young_account === 1,
    tightened: c.tightened ? (JSON.parse(c.tightened) as Tightening[]) : [],
  };
}

export function presentShare(s: ShareRow, ctx: ShareContext) {
  const view = ctx.views.get(s.id);
  if (view === 'retracted')
    return {
      id: s.id,
      kind: s.kind,
      status: 'withdrawn',
      view,
      tlp: s.tlp,
      title: '',
      body: '',
      indicators: [],
      mitigations: [],
      createdAt: null,
      updatedAt: null,
      publishedAt: null,
      withdrawnAt: s.withdrawn_at,
      audience: { kind: audienceOf(s).kind },
      acknowledgment: null,
    };
  const content = contentOf(s);
  const common = {
    id: s.id,
    kind: s.kind,
    status: s.status,
    view: view as ShareView,
    tlp: s.tlp,
    ...content,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
    publishedAt: s.published_at,
    withdrawnAt: s.withdrawn_at,
    attachments: (ctx.attachments.get(s.id) ?? []).map((a) => presentShareAttachment(s.id, a)),
  };
  // The number of each source incident the caller's body reads; of the others, not even that they exist.
  const sourceIncidents = ctx.sources
    .filter((x) => x.share_id === s.id && ctx.readableSources.has(x.id))
    .map((x) => ({ id: x.id, number: `${ctx.numberPrefix}${x.number}` }));
  if (view === 'recipient')
    return {
      ...common,
      sourceIncidents,
      audience: { kind: audienceOf(s).kind },
      acknowledgment: acknowledgmentOf(ctx.acks, s.id),
    };
  const recipients = recipientsOf(s);
  return {
    ...common,
    audience: audienceOf(s),
    acknowledgment: ctx.receiving.has(s.id) ? acknowledgmentOf(ctx.acks, s.id) : null,
    revision: s.revision,
    round: s.round,
    consentDueAt: s.consent_due_at,
    withdrawReason: s.withdraw_reason,
    recipients: {
      orgs: recipients.orgIds.flatMap((id) => {
        const o = ctx.orgs.get(id);
        return o ? [presentOrg(o)] : [];
      }),
      users: recipients.users.map((u) => ({
        email: ctx.emails.get(u.id) ?? '',
        orgSlug: ctx.orgs.get(u.orgId)?.slug ?? '',
      })),
    },
    sources: ctx.sources
      .filter((x) => x.share_id === s.id)
      .map((x) => ({
        id: x.id,
        title: x.title,
        orgSlug: x.org_slug,
        number: ctx.readableSources.has(x.id) ? `${ctx.numberPrefix}${x.number}` : null,
      })),
    sourceIncidents,
    consentByYoungAccount: ctx.consents.some(
      (c) => c.share_id === s.id && c.round === s.round && c.status === 'approved' && c.young_account === 1,
    ),
    consents: ctx.consents
      .filter((c) => c.share_id === s.id && c.round === s.round)
      .map((c) => {
        const { askedAt: _asked, ...rest } = presentConsent(c, ctx);
        return rest;
      }),
    redactions: JSON.parse(s.redactions) as { kind: string; count: number }[],
    draftedBy: ctx.emails.get(s.created_by) ?? '',
    editedBy: editorsOf(s).map((id) => ctx.emails.get(id) ?? ''),
    publishedBy: s.published_by ? (ctx.emails.get(s.published_by) ?? null) : null,
  };
}

export function presentStanding(r: StandingRow, orgs: Map<string, OrgRow>, emails: Map<string, string>) {
  return {
    id: r.id,
    org: presentOrg(orgs.get(r.org_id) as OrgRow),
    tlp: r.tlp,
    audience: JSON.parse(r.audience) as { kind: string },
    scope: r.scope,
    anonymised: r.anonymised === 1,
    createdAt: r.created_at,
    createdBy: emails.get(r.created_by) ?? '',
    revokedAt: r.revoked_at,
    youngAccount: r.young_account === 1,
  };
}
