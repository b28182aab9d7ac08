import { termsWithin } from '../../../src/features/sharing/sharing.strictness.js';
import type { Recipients, Terms } from '../../../src/features/sharing/sharing.terms.js';
import type { Decision, Share } from './sharing.api.js';

// The server's own order "at least as strict as" (sharing.strictness.ts) applied to what the web app sends, for
// the tests: bodies stand for themselves (slug = id) and people for themselves (e-mail = id), resolved exactly
// as under TLP:AMBER+STRICT — the client-of rule of TLP:AMBER is the server's, tested there.

/** The terms a share asks consent to. */
export function askedTerms(share: Share): Terms {
  const r = share.recipients ?? { orgs: [], users: [] };
  const recipients: Recipients = {
    orgIds: r.orgs.map((o) => o.slug),
    users: r.users.map((u) => ({ id: u.email, orgId: u.orgSlug })),
  };
  return {
    content: {
      title: share.title,
      body: share.body,
      indicators: share.indicators,
      mitigations: share.mitigations,
    },
    tlp: share.tlp,
    recipients,
  };
}

/** The terms an approval stands on: what it changes, the rest as asked. */
export function approvedTerms(share: Share, decision: Decision): Terms {
  const asked = askedTerms(share);
  const audience = decision.audience;
  let recipients = asked.recipients;
  if (audience?.kind === 'orgs') recipients = { orgIds: audience.orgs, users: [] };
  if (audience?.kind === 'users') {
    const orgOf = new Map(asked.recipients.users.map((u) => [u.id, u.orgId]));
    const users = audience.users.map((id) => ({ id, orgId: orgOf.get(id) ?? '(not asked)' }));
    recipients = { orgIds: [...new Set(users.map((u) => u.orgId))], users };
  }
  if (audience?.kind === 'all' || audience?.kind === 'ministries')
    throw new Error('an approval names whom it keeps');
  return { content: decision.content ?? asked.content, tlp: decision.tlp ?? asked.tlp, recipients };
}

/** Whether an approval is within what was asked, by the server's rule; `fields` names what is looser. */
export const approvalWithin = (share: Share, decision: Decision) =>
  termsWithin(approvedTerms(share, decision), askedTerms(share));
