import { TLPS, type Tlp, tlpRank } from '../../../src/features/sharing/sharing.terms.js';
import type { Decision, Share, ShareContent } from './sharing.api.js';

// Approving with stricter terms: what a consenting body may change (tighter TLP, fewer recipients, text taken
// away), and the decision it sends — only what changed, with the revision it read, so that a share changed
// meanwhile is refused rather than approved unseen.

export interface Stricter {
  tlp: Tlp;
  /** Bodies kept as recipients (slugs), or named people kept (e-mails) for TLP:RED. */
  kept: string[];
  title: string;
  body: string;
  indicators: boolean[];
  mitigations: boolean[];
}

const namesPeople = (share: Share) => share.audience.kind === 'users';

/** Who may be unticked: the resolved recipients, bodies or (TLP:RED) people. */
export function recipientsOf(share: Share): string[] {
  const r = share.recipients ?? { orgs: [], users: [] };
  return namesPeople(share) ? r.users.map((u) => u.email) : r.orgs.map((o) => o.slug);
}

export const stricterOf = (share: Share): Stricter => ({
  tlp: share.tlp,
  kept: recipientsOf(share),
  title: share.title,
  body: share.body,
  indicators: share.indicators.map(() => true),
  mitigations: share.mitigations.map(() => true),
});

/** The TLPs at least as strict as asked; TLP:RED only where people are named already (it names its readers). */
export const stricterTlps = (share: Share): Tlp[] =>
  TLPS.filter((tlp) => tlpRank(tlp) >= tlpRank(share.tlp) && (tlp !== 'TLP:RED' || share.tlp === 'TLP:RED'));

export function revisedContent(share: Share, s: Stricter): ShareContent {
  return {
    title: s.title,
    body: s.body,
    indicators: share.indicators.filter((_, i) => s.indicators[i]),
    mitigations: share.mitigations.filter((_, i) => s.mitigations[i]),
  };
}

/** The approval: the terms that differ from those asked, and the revision that was read. */
export function approvalOf(share: Share, s: Stricter): Decision {
  const decision: Decision = { decision: 'approve', ...(share.revision ? { revision: share.revision } : {}) };
  if (s.tlp !== share.tlp) decision.tlp = s.tlp;
  const all = recipientsOf(share);
  if (s.kept.length < all.length)
    decision.audience = namesPeople(share)
      ? { kind: 'users', users: s.kept }
      : { kind: 'orgs', orgs: s.kept };
  const content = revisedContent(share, s);
  const asked: ShareContent = {
    title: share.title,
    body: share.body,
    indicators: share.indicators,
    mitigations: share.mitigations,
  };
  if (JSON.stringify(content) !== JSON.stringify(asked)) decision.content = content;
  return decision;
}

/** Whether anything is stricter than asked (else it is a plain approval). */
export const isStricter = (share: Share, s: Stricter) => {
  const { decision: _, revision: __, ...changes } = approvalOf(share, s);
  return Object.keys(changes).length > 0;
};
