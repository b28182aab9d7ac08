import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { freeText } from '../../platform/text.js';
import { assessmentsReads } from '../assessments/assessments.reads.js';
import { canonicalTimeZone } from '../contacts/contacts.availability.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { SPAN_UNITS, type SpanUnit } from './deadlines.calendar.js';
import { type ClockState, clocksOf } from './deadlines.clocks.js';
import { deadlineErrors } from './deadlines.errors.js';
import {
  builtInProfiles,
  type ClockDefinition,
  covers,
  type DeadlineProfile,
  REPORT_KINDS,
  type SatisfyingReport,
  TRIGGERS,
  type Trigger,
  triggerMet,
} from './deadlines.profiles.js';
import { deadlinesRepository, type ProfileRow } from './deadlines.repository.js';
import type { ProfileInput } from './deadlines.schemas.js';

export interface DeadlineDeps {
  audit: AuditLog;
  clock: Clock;
  /** The deployment's zone (RENRAKU_TIME_ZONE): where a profile without its own counts its days. */
  timeZone: string;
  reportingTargetMinutes: number;
  appiPreliminaryDays: number;
}

/** The longest span of a clock, by unit: far beyond any legal deadline, short of nonsense. */
const SPAN_MAX: Record<SpanUnit, number> = {
  minutes: 100_000,
  hours: 2_000,
  'calendar-days': 400,
  'business-days': 300,
  months: 24,
};

type StoredDefinition = Omit<DeadlineProfile, 'id' | 'builtIn' | 'revision'>;

/** Every profile in force: the shipped ones (as changed by the administrator, if changed), then those added. */
export async function profilesInForce(db: Executor, deps: DeadlineDeps): Promise<DeadlineProfile[]> {
  const shipped = builtInProfiles(deps);
  const rows = new Map((await deadlinesRepository.all(db)).map((r) => [r.id, r]));
  const of = (r: ProfileRow, builtIn: boolean): DeadlineProfile => ({
    ...(JSON.parse(r.definition) as StoredDefinition),
    id: r.id,
    builtIn,
    revision: r.revision,
  });
  const out = shipped.map((p) => {
    const row = rows.get(p.id);
    return row ? of(row, true) : p;
  });
  for (const [id, row] of rows) if (!shipped.some((p) => p.id === id)) out.push(of(row, false));
  return out;
}

const oneLine = (raw: string, field: string) => {
  const text = freeText(raw, field, 200);
  if (/\n/.test(text)) throw deadlineErrors.invalidName(field);
  return text;
};

/** The profile as the input defines it, or the 422 of the first thing wrong with it. */
async function checkProfile(db: Executor, input: ProfileInput): Promise<StoredDefinition> {
  if (!(TRIGGERS as readonly string[]).includes(input.trigger))
    throw deadlineErrors.unknownTrigger(input.trigger, TRIGGERS);
  if (input.clocks.length === 0) throw deadlineErrors.noClocks();
  const clocks: ClockDefinition[] = [];
  input.clocks.forEach((c, i) => {
    if (clocks.some((k) => k.key === c.key))
      throw deadlineErrors.invalidClock(i, `the key '${c.key}' is repeated`);
    if (!(SPAN_UNITS as readonly string[]).includes(c.unit))
      throw deadlineErrors.invalidClock(i, `the unit '${c.unit}' is not one of ${SPAN_UNITS.join(', ')}`);
    const unit = c.unit as SpanUnit;
    for (const [name, amount] of [
      ['amount', c.amount],
      ['maliciousAmount', c.maliciousAmount],
    ] as const) {
      if (amount === undefined) continue;
      if (amount < 1) throw deadlineErrors.invalidClock(i, `${name} must be at least 1 (${amount} given)`);
      if (amount > SPAN_MAX[unit])
        throw deadlineErrors.invalidClock(i, `${name} may be at most ${SPAN_MAX[unit]} ${unit}`);
    }
    const from = c.from;
    const earlier = from.startsWith('after:') && clocks.some((k) => `after:${k.key}` === from);
    if (from !== 'detection' && from !== 'awareness' && !earlier)
      throw deadlineErrors.invalidClock(
        i,
        `from '${from}' is not detection, awareness, or after: an earlier clock of the profile`,
      );
    if (!(REPORT_KINDS as readonly string[]).includes(c.satisfiedBy))
      throw deadlineErrors.invalidClock(
        i,
        `satisfiedBy '${c.satisfiedBy}' is not one of ${REPORT_KINDS.join(', ')}`,
      );
    clocks.push({
      key: c.key,
      nameJa: oneLine(c.nameJa, `clocks[${i}].nameJa`),
      nameEn: oneLine(c.nameEn, `clocks[${i}].nameEn`),
      from: from as ClockDefinition['from'],
      span: { amount: c.amount, unit },
      ...(c.maliciousAmount !== undefined ? { maliciousSpan: { amount: c.maliciousAmount, unit } } : {}),
      satisfiedBy: c.satisfiedBy as SatisfyingReport,
    });
  });
  let timeZone: string | null = null;
  if (input.timeZone !== undefined && input.timeZone !== null) {
    timeZone = canonicalTimeZone(input.timeZone) ?? null;
    if (!timeZone) throw deadlineErrors.unknownTimeZone(input.timeZone);
  }
  const slugs = [...new Set(input.bodies.slugs)];
  const found = new Set(
    (slugs.length === 0 ? [] : await orgsDirectory.bySlugs(db, slugs))
      .filter((o) => o.kind !== 'center')
      .map((o) => o.slug),
  );
  const missing = slugs.find((s) => !found.has(s));
  if (missing !== undefined) throw deadlineErrors.unknownBody(missing);
  return {
    nameJa: oneLine(input.nameJa, 'nameJa'),
    nameEn: oneLine(input.nameEn, 'nameEn'),
    trigger: input.trigger as Trigger,
    threshold: input.threshold ?? 100,
    timeZone,
    clocks,
    bodies: { kinds: [...new Set(input.bodies.kinds)], slugs: slugs.sort() },
  };
}

/**
 * Changes a shipped profile or adds one (the administrator; audited), on the revision read: 0 for a shipped
 * profile never changed or a new one (409 if another change came in between).
 */
export async function setProfile(args: {
  unit: Unit;
  actor: Actor;
  id: string;
  input: ProfileInput;
  deps: DeadlineDeps;
}): Promise<DeadlineProfile> {
  const { unit, actor, id, input, deps } = args;
  if (!can.configureDeadlines(actor)) throw deadlineErrors.notAllowed();
  const definition = await checkProfile(unit.tx, input);
  const stored = await deadlinesRepository.byId(unit.tx, id);
  const revision = stored?.revision ?? 0;
  if (input.revision !== revision) throw deadlineErrors.stale(revision);
  const now = deps.clock.now();
  const row: ProfileRow = {
    id,
    definition: JSON.stringify(definition),
    revision: revision + 1,
    updated_at: now.toISOString(),
    updated_by: actor.userId,
  };
  if (!stored) await deadlinesRepository.insert(unit.tx, row);
  else if (!(await deadlinesRepository.update(unit.tx, row, revision)))
    throw deadlineErrors.stale(revision + 1);
  const builtIn = builtInProfiles(deps).some((p) => p.id === id);
  await deps.audit.append(
    unit,
    audited(actor, 'deadline_profile.set', 'deadline_profile', id, { revision: row.revision, builtIn }),
    now,
  );
  return { ...definition, id, builtIn, revision: row.revision };
}

/** A profile's clocks on an incident, with when its trigger was met. */
export interface AppliedProfile {
  profile: DeadlineProfile;
  timeZone: string;
  awareAt: Date;
  clocks: ClockState[];
}

/**
 * The profiles that apply to an incident the actor reads, and their clocks now: those covering its body whose
 * trigger is met — `always` ones from the quick report, the others from the first version of the assessment that
 * met the trigger (when the body became aware). The read is audited.
 */
export async function incidentDeadlines(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  deps: DeadlineDeps;
}): Promise<{ incidentId: string; publicExplanationCalledFor: boolean; applied: AppliedProfile[] }> {
  const { unit, actor, deps } = args;
  if (!can.readIncidents(actor)) throw deadlineErrors.incidentNotFound();
  const [readable] = await incidentsReads.readableByIds(unit.tx, actor.orgId, [args.incidentId], 'any');
  if (!readable) throw deadlineErrors.incidentNotFound();
  const applied = await deadlinesOf(unit.tx, readable, deps);
  await deps.audit.append(
    unit,
    audited(actor, 'incident.deadlines_read', 'incident', readable.id, { profiles: applied.length }),
    deps.clock.now(),
  );
  return {
    incidentId: readable.id,
    publicExplanationCalledFor: await assessmentsReads.publicExplanationCalledFor(unit.tx, readable.id),
    applied,
  };
}

/** The clocks of the profiles applying to the incident now (whoever asks: the caller has checked). */
export async function deadlinesOf(
  db: Executor,
  incident: { id: string; org_id: string },
  deps: DeadlineDeps,
): Promise<AppliedProfile[]> {
  const [body, timeline, versions, profiles] = await Promise.all([
    orgsDirectory.byId(db, incident.org_id),
    incidentsReads.timeline(db, incident.id),
    assessmentsReads.versionsOf(db, incident.id),
    profilesInForce(db, deps),
  ]);
  if (!body || !timeline) return [];
  const current = versions.at(-1)?.facts ?? null;
  const reports = timeline.reports.map((r) => ({
    seq: r.seq,
    kind: r.kind,
    createdAt: new Date(r.created_at),
  }));
  const reportedAt = reports[0]?.createdAt ?? new Date(timeline.detectedAt);
  const out: AppliedProfile[] = [];
  for (const profile of profiles) {
    if (!covers(profile, body) || !triggerMet(profile, current)) continue;
    const awareAt =
      profile.trigger === 'always'
        ? reportedAt
        : (versions.find((v) => triggerMet(profile, v.facts))?.recordedAt ?? reportedAt);
    const timeZone = profile.timeZone ?? deps.timeZone;
    out.push({
      profile,
      timeZone,
      awareAt,
      clocks: clocksOf({
        profile,
        timeline: { detectedAt: new Date(timeline.detectedAt), reports },
        awareAt,
        malicious: current?.malicious ?? false,
        timeZone,
        now: deps.clock.now(),
      }),
    });
  }
  return out;
}
