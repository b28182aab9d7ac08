import { REDACTION_MARK, TLPS, type Tlp, tlpRank } from '../../../src/features/sharing/sharing.terms.js';
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

const MARK_CHAR = REDACTION_MARK.charAt(0);
const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * A selection [from, to) of a text blacked out: replaced by the mark ■■■, the one change besides deleting that
 * the server accepts. The selection grows to whole characters (never half of 𠮷, whose leftover would be new
 * text) and over any ■ it touches, so that a black-out across or beside an earlier one leaves a single mark.
 * Null when nothing is selected.
 */
export function blackOut(
  text: string,
  from: number,
  to: number,
): { text: string; from: number; to: number } | null {
  let start = Math.max(0, Math.min(from, to, text.length));
  let end = Math.min(text.length, Math.max(from, to, 0));
  if (start === end) return null;
  if (isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start--;
  if (isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end++;
  while (start > 0 && text[start - 1] === MARK_CHAR) start--;
  while (end < text.length && text[end] === MARK_CHAR) end++;
  return {
    text: text.slice(0, start) + REDACTION_MARK + text.slice(end),
    from: start,
    to: start + REDACTION_MARK.length,
  };
}

/** An approval must leave someone to share with; to share with nobody is to reject, with a reason. */
export const keepsSomeone = (s: Stricter) => s.kept.length > 0;
