import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { usersReads } from '../users/users.reads.js';
import { emailsOf, shareContext } from './sharing.context.js';
import type { SharingDeps } from './sharing.deps.js';
import { presentConsent, presentShare, presentStanding } from './sharing.presenter.js';
import { type ConsentRow, type StandingRow, sharesRepository } from './sharing.repository.js';
import { viewsOf } from './sharing.visibility.js';

/** Consent requests with the share each asks about, exactly as recipients would get it (manage view). */
export async function consentViews(
  unit: Unit,
  actor: Actor,
  requests: ConsentRow[],
  now: Date,
  numberPrefix: string,
) {
  const shares = await sharesRepository.byIds(
    unit.tx,
    requests.map((r) => r.share_id),
  );
  const views = await viewsOf(unit.tx, actor, shares);
  const ctx = await shareContext(unit.tx, actor, shares, views, now, numberPrefix);
  const [orgs, deciders] = await Promise.all([
    orgsDirectory.byIds(
      unit.tx,
      requests.map((r) => r.org_id),
    ),
    usersReads.byIds(
      unit.tx,
      requests.flatMap((r) => (r.decided_by ? [r.decided_by] : [])),
    ),
  ]);
  for (const [id, email] of emailsOf(deciders)) ctx.emails.set(id, email);
  return requests.flatMap((r) => {
    const share = shares.find((s) => s.id === r.share_id);
    if (!share || views.get(share.id) !== 'manage') return [];
    return [
      { ...presentConsent(r, { orgs, emails: ctx.emails, now: ctx.now }), share: presentShare(share, ctx) },
    ];
  });
}

/** The consent requests of the caller's body, open ones first; the list read is audited. */
export async function listConsentRequests(args: {
  unit: Unit;
  actor: Actor;
  status: 'pending' | 'decided' | 'all';
  deps: SharingDeps;
}) {
  const { unit, actor, deps } = args;
  if (!can.answerConsent(actor, { orgId: actor.orgId }))
    throw commonErrors.forbidden('Security officers answer consent requests.');
  const now = deps.clock.now().toISOString();
  const rows = await sharesRepository.consentsVisibleTo(unit.tx, actor, args.status, now);
  const open = (r: ConsentRow) => r.status === 'pending' && r.due_at > now;
  rows.sort((a, b) => Number(open(b)) - Number(open(a)));
  const items = await consentViews(unit, actor, rows, deps.clock.now(), deps.incidentNumberPrefix);
  await deps.audit.append(
    unit,
    audited(actor, 'consent.list', 'consent_request', null, { ids: items.map((i) => i.id) }),
    deps.clock.now(),
  );
  return items;
}

/** Standing consents with their body and the e-mail of who made them. */
export async function standingViews(unit: Unit, rows: StandingRow[]) {
  const [orgs, people] = await Promise.all([
    orgsDirectory.byIds(
      unit.tx,
      rows.map((r) => r.org_id),
    ),
    usersReads.byIds(
      unit.tx,
      rows.map((r) => r.created_by),
    ),
  ]);
  const emails = emailsOf(people);
  return rows.map((r) => presentStanding(r, orgs, emails));
}
