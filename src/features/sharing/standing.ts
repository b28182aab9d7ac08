import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { OrgRow } from '../orgs/orgs.repository.js';
import { isYoungAccount } from './consent.young.js';
import { audited, type SharingDeps } from './sharing.deps.js';
import { standingErrors } from './sharing.errors.js';
import { type StandingRow, sharesRepository } from './sharing.repository.js';
import type { StandingConsentInput } from './sharing.schemas.js';
import type { SourceIncident } from './sharing.sources.js';
import { quotes } from './sharing.strictness.js';
import { type ShareContent, type Terms, type Tlp, tlpRank } from './sharing.terms.js';

const texts = (c: ShareContent) => [
  c.title,
  c.body,
  ...c.mitigations,
  ...c.indicators.flatMap((i) => (i.description ? [i.description] : [])),
];

/**
 * Whether a body's standing consent covers a share: a TLP at least as strict as the rule's, recipients within
 * its audience, no name of the source bodies if it asks for anonymity, and — for "indicators only" — some
 * indicators and no text quoted from the source reports. When in doubt the answer is no: the request then goes
 * to the body's officers as usual.
 */
export function standingCovers(args: {
  rule: StandingRow;
  terms: Terms;
  recipientKinds: Map<string, string>;
  sources: SourceIncident[];
  sourceBodies: OrgRow[];
}): boolean {
  const { rule, terms, recipientKinds, sources, sourceBodies } = args;
  if (rule.revoked_at) return false;
  if (tlpRank(terms.tlp) < tlpRank(rule.tlp as Tlp)) return false;
  const audience = JSON.parse(rule.audience) as { kind: string };
  if (
    audience.kind === 'ministries' &&
    terms.recipients.orgIds.some((id) => recipientKinds.get(id) !== 'ministry')
  )
    return false;
  const all = texts(terms.content).join('\n').toLowerCase();
  if (rule.anonymised === 1) {
    const names = sourceBodies.flatMap((o) => [o.name_ja, o.name_en]).filter((n) => n.trim().length > 0);
    if (names.some((n) => all.includes(n.toLowerCase()))) return false;
  }
  if (rule.scope === 'indicators-only') {
    if (terms.content.indicators.length === 0) return false;
    const said = sources.flatMap((s) => [s.title, s.summary]);
    if (texts(terms.content).some((t) => said.some((s) => quotes(t, s)))) return false;
  }
  return true;
}

/** Records a body's standing consent to routine sharing. */
export async function createStanding(args: {
  unit: Unit;
  actor: Actor;
  input: StandingConsentInput;
  deps: SharingDeps;
}): Promise<StandingRow> {
  const { unit, actor, input, deps } = args;
  if (!can.answerConsent(actor, { orgId: actor.orgId }))
    throw commonErrors.forbidden('Only a security officer gives consent for a body.');
  const now = deps.clock.now();
  const young = await isYoungAccount(unit.tx, actor.userId, now, deps.consentMinAccountAgeDays);
  const row: StandingRow = {
    id: newId(),
    org_id: actor.orgId,
    tlp: input.tlp,
    audience: JSON.stringify(input.audience),
    scope: input.scope,
    anonymised: input.anonymised ? 1 : 0,
    created_by: actor.userId,
    created_at: now.toISOString(),
    revoked_at: null,
    revoked_by: null,
    young_account: young ? 1 : 0,
  };
  await sharesRepository.insertStanding(unit.tx, row);
  await deps.audit.append(
    unit,
    audited(actor, 'standing_consent.create', 'standing_consent', row.id, {
      tlp: input.tlp,
      audience: input.audience.kind,
      scope: input.scope,
      anonymised: input.anonymised,
      ...(young ? { youngAccount: true } : {}),
    }),
    now,
  );
  return row;
}

/** Ends a standing consent: shares asked from now on need the body's answer again. */
export async function revokeStanding(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  deps: SharingDeps;
}): Promise<StandingRow> {
  const { unit, actor, id, deps } = args;
  const row = await sharesRepository.standingById(unit.tx, id);
  if (!row || !can.answerConsent(actor, { orgId: row.org_id })) throw standingErrors.notFound();
  if (row.revoked_at) throw standingErrors.alreadyRevoked();
  const now = deps.clock.now();
  await sharesRepository.revokeStanding(unit.tx, id, actor.userId, now.toISOString());
  await deps.audit.append(unit, audited(actor, 'standing_consent.revoke', 'standing_consent', id), now);
  return { ...row, revoked_at: now.toISOString(), revoked_by: actor.userId };
}
