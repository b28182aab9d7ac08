import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { audited } from '../../platform/audit/audit.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import { isYoungAccount } from './consent.young.js';
import { everyNameOf } from './sharing.canonical.js';
import type { SharingDeps } from './sharing.deps.js';
import { standingErrors } from './sharing.errors.js';
import { textsOf } from './sharing.guard.js';
import { mentionsAny } from './sharing.names.js';
import { type StandingRow, sharesRepository } from './sharing.repository.js';
import type { StandingConsentInput } from './sharing.schemas.js';
import { namedBody, type SourceIncident } from './sharing.sources.js';
import { INDICATORS_ONLY_BODY, type ShareContent, type Terms, type Tlp, tlpRank } from './sharing.terms.js';
import { normaliseText, quotes } from './sharing.text.js';

// The body of an "indicators only" share, normalised: the fixed sentence in either language, or both.
const TEMPLATES = new Set(
  [
    INDICATORS_ONLY_BODY.ja,
    INDICATORS_ONLY_BODY.en,
    `${INDICATORS_ONLY_BODY.ja}\n${INDICATORS_ONLY_BODY.en}`,
    `${INDICATORS_ONLY_BODY.en}\n${INDICATORS_ONLY_BODY.ja}`,
  ].map(normaliseText),
);

/**
 * "Indicators only": some indicators, none with a description, no mitigation, a body that is exactly the
 * fixed sentence (INDICATORS_ONLY_BODY), and a title that quotes no report of the sources (every version).
 */
function indicatorsOnly(content: ShareContent, sources: SourceIncident[]): boolean {
  if (content.indicators.length === 0 || content.mitigations.length > 0) return false;
  if (content.indicators.some((i) => i.description !== undefined)) return false;
  if (!TEMPLATES.has(normaliseText(content.body))) return false;
  return !sources.some((s) => quotes(content.title, s.text));
}

/**
 * Whether a body's standing consent covers a share: a TLP at least as strict as the rule's and as each
 * source incident's own, recipients within its audience, no name of the source bodies (names, abbreviations,
 * slug, in any spelling) anywhere if it asks for anonymity, and — for "indicators only" — nothing but
 * indicators. When in doubt the answer is no: the request then goes to the body's officers as usual.
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
  // A standing rule of TLP:GREEN does not take a TLP:RED report to every body: that is the officers' call.
  if (sources.some((s) => tlpRank(terms.tlp) < tlpRank(s.tlp))) return false;
  const audience = JSON.parse(rule.audience) as { kind: string };
  if (
    audience.kind === 'ministries' &&
    terms.recipients.orgIds.some((id) => recipientKinds.get(id) !== 'ministry')
  )
    return false;
  if (rule.anonymised === 1) {
    const names = sourceBodies.flatMap((o) => everyNameOf(namedBody(o)));
    const said = [...textsOf(terms.content), ...terms.content.indicators.map((i) => i.value)];
    if (said.some((t) => mentionsAny(t, names))) return false;
  }
  if (rule.scope === 'indicators-only' && !indicatorsOnly(terms.content, sources)) return false;
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
