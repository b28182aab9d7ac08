import { canonicalIndicator } from './sharing.canonical.js';
import {
  type Indicator,
  REDACTION_MARK,
  type Recipients,
  type ShareContent,
  type Terms,
  tlpRank,
} from './sharing.terms.js';

// Whether one set of terms is at least as strict as another: what a consenting body may answer instead of what
// it was asked, and what an approval still covers after the share changed. Pure: the web app imports it too.

const MARK_CODE = REDACTION_MARK.codePointAt(0);

/**
 * Whether `candidate` can be obtained from `asked` only by deleting text or replacing it with REDACTION_MARK:
 * strip every '■' from both and test that candidate is a subsequence of asked (by code points).
 */
export function textWithin(candidate: string, asked: string): boolean {
  let j = 0;
  for (const ch of candidate) {
    const code = ch.codePointAt(0);
    if (code === MARK_CODE) continue;
    for (;;) {
      if (j >= asked.length) return false;
      const a = asked.codePointAt(j) ?? 0;
      j += a > 0xffff ? 2 : 1;
      if (a === code) break;
    }
  }
  return true;
}

// Compared in stored form (lower case where case means nothing), so that older rows compare too.
const indicatorKey = (i: Indicator) => {
  const c = canonicalIndicator(i);
  return `${c.type}\u0000${c.value}`;
};

/** Each candidate indicator is an asked one, its description (if any) within the asked description. */
function indicatorsWithin(candidate: Indicator[], asked: Indicator[]): boolean {
  const descriptions = new Map<string, string[]>();
  for (const i of asked) {
    const key = indicatorKey(i);
    descriptions.set(key, [...(descriptions.get(key) ?? []), i.description ?? '']);
  }
  return candidate.every((c) => {
    const found = descriptions.get(indicatorKey(c));
    return (
      found !== undefined &&
      (c.description === undefined || found.some((d) => textWithin(c.description ?? '', d)))
    );
  });
}

/**
 * The candidate mitigations map in order onto asked ones, each within its match. Taking the earliest asked
 * mitigation that fits is never worse than a later one, so one greedy pass decides.
 */
function mitigationsWithin(candidate: string[], asked: string[]): boolean {
  let j = 0;
  for (const c of candidate) {
    while (j < asked.length && !textWithin(c, asked[j] ?? '')) j++;
    if (j === asked.length) return false;
    j++;
  }
  return true;
}

export type ContentField = 'title' | 'body' | 'indicators' | 'mitigations';
export type TermsField = 'tlp' | 'audience' | ContentField;

/**
 * Whether a content says no more than the asked one: every field obtained from the asked one by deletion and
 * marks only. `fields` names the looser fields.
 */
export function contentWithin(
  candidate: ShareContent,
  asked: ShareContent,
): { ok: boolean; fields: ContentField[] } {
  const fields: ContentField[] = [];
  if (!textWithin(candidate.title, asked.title)) fields.push('title');
  if (!textWithin(candidate.body, asked.body)) fields.push('body');
  if (!indicatorsWithin(candidate.indicators, asked.indicators)) fields.push('indicators');
  if (!mitigationsWithin(candidate.mitigations, asked.mitigations)) fields.push('mitigations');
  return { ok: fields.length === 0, fields };
}

/**
 * Whether `candidate` reaches nobody `asked` does not. Named users must be named users of `asked` (same body),
 * or — when `asked` names none — users of its bodies; without named users, every body must be one of `asked`'s
 * and `asked` must name nobody either. A share to nobody is never within: it is refused elsewhere.
 */
export function recipientsWithin(candidate: Recipients, asked: Recipients): boolean {
  const askedOrgs = new Set(asked.orgIds);
  if (candidate.users.length > 0) {
    const askedUsers = new Map(asked.users.map((u) => [u.id, u.orgId]));
    const usersWithin = candidate.users.every((u) =>
      asked.users.length > 0 ? askedUsers.get(u.id) === u.orgId : askedOrgs.has(u.orgId),
    );
    // With named users, a body listed is the body of one of them: it adds no reader.
    const userOrgs = new Set(candidate.users.map((u) => u.orgId));
    return usersWithin && candidate.orgIds.every((o) => userOrgs.has(o) || askedOrgs.has(o));
  }
  return (
    asked.users.length === 0 && candidate.orgIds.length > 0 && candidate.orgIds.every((o) => askedOrgs.has(o))
  );
}

/** Whether terms are at least as strict as the asked ones; `fields` names the looser ones. */
export function termsWithin(candidate: Terms, asked: Terms): { ok: boolean; fields: TermsField[] } {
  const fields: TermsField[] = [];
  if (tlpRank(candidate.tlp) < tlpRank(asked.tlp)) fields.push('tlp');
  if (!recipientsWithin(candidate.recipients, asked.recipients)) fields.push('audience');
  fields.push(...contentWithin(candidate.content, asked.content).fields);
  return { ok: fields.length === 0, fields };
}
