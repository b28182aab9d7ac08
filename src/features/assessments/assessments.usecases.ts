import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { incidentReaderBodies } from '../../platform/access/visibility.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Unit } from '../../platform/db/transaction.js';
import type { EventBus } from '../../platform/events/events.js';
import { freeText } from '../../platform/text.js';
import { incidentsReads } from '../incidents/incidents.reads.js';
import { incidentSubject } from '../incidents/incidents.subject.js';
import { readableIncident } from '../incidents/incidents.usecases.js';
import { assessmentErrors } from './assessments.errors.js';
import { type AssessmentRow, assessmentsRepository } from './assessments.repository.js';
import { callsForPublicExplanation } from './assessments.rules.js';
import { type AssessmentInput, CATEGORY_MAX, NOTE_MAX } from './assessments.schemas.js';

export interface AssessmentDeps {
  audit: AuditLog;
  events: EventBus;
  clock: Clock;
  /**
   * Called, in the same unit, when a version calls for a public-explanation decision on a real incident: the
   * composition root opens the incident's accountability track (notices), once.
   */
  publicExplanationCalledFor?: (unit: Unit, incidentId: string, reason: string) => Promise<void>;
}

// Invisible format characters (zero-width spaces, joiners) say nothing in a category's name: dropped, so that
// 「個人\u200B情報」 and 「個人情報」 are one category.
const FORMAT = /\p{Cf}/gu;

/** The categories as stored: NFKC (full-width and half-width forms alike), no invisible characters, no repeats. */
function checkCategories(raw: readonly string[]): string[] {
  const out: string[] = [];
  raw.forEach((c, i) => {
    const text = freeText(c, `categories[${i}]`, CATEGORY_MAX * 2)
      .normalize('NFKC')
      .replace(FORMAT, '')
      .trim();
    if (text === '' || /\n/.test(text))
      throw assessmentErrors.invalidCategory(i, 'is not one line of visible text');
    if ([...text].length > CATEGORY_MAX)
      throw assessmentErrors.invalidCategory(i, `holds more than ${CATEGORY_MAX} characters`);
    if (!out.includes(text)) out.push(text);
  });
  return out;
}

/** Every version of the incident's assessment, if the actor reads the incident; the read is audited. */
export async function readAssessments(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  deps: AssessmentDeps;
}): Promise<AssessmentRow[]> {
  const { unit, actor, deps } = args;
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  const versions = await assessmentsRepository.versions(unit.tx, incident.id);
  await deps.audit.append(
    unit,
    audited(actor, 'incident.assessment_read', 'incident', incident.id, { versions: versions.length }),
    deps.clock.now(),
  );
  return versions;
}

/**
 * Records a new version of the incident's impact assessment, made on the version the body read (409 if another
 * came in between). The incident's readers hear of it (`assessment.recorded`, with whether it calls for a
 * public-explanation decision: the accountability track starts from it).
 */
export async function recordAssessment(args: {
  unit: Unit;
  actor: Actor;
  incidentId: string;
  input: AssessmentInput;
  deps: AssessmentDeps;
}): Promise<AssessmentRow> {
  const { unit, actor, input, deps } = args;
  // Versions of one incident are numbered in turn: concurrent changes wait for each other (SQLite: one writer).
  await incidentsReads.lockForUpdate(unit, args.incidentId);
  const incident = await readableIncident(unit.tx, actor, args.incidentId);
  if (!can.recordAssessment(actor, { orgId: incident.org_id })) throw assessmentErrors.notAllowed();
  const current = await assessmentsRepository.current(unit.tx, incident.id);
  const version = current?.version ?? 0;
  if (input.version !== version) throw assessmentErrors.stale(version);
  const categories = checkCategories(input.categories);
  if (input.persons === 0 && (input.sensitive || categories.length > 0))
    throw assessmentErrors.inconsistent(
      'Personal data (categories, sensitive data) is involved: persons must be at least 1.',
    );
  const note =
    input.note === undefined || input.note.trim() === '' ? '' : freeText(input.note, 'note', NOTE_MAX);
  if (input.reportSeq !== undefined) {
    const timeline = await incidentsReads.timeline(unit.tx, incident.id);
    if (!timeline?.reports.some((r) => r.seq === input.reportSeq))
      throw assessmentErrors.unknownReport(input.reportSeq);
  }
  const now = deps.clock.now();
  const publicExplanation = callsForPublicExplanation(input);
  const row: AssessmentRow = {
    incident_id: incident.id,
    version: version + 1,
    org_id: incident.org_id,
    recorded_by: actor.userId,
    recorded_at: now.toISOString(),
    report_seq: input.reportSeq ?? null,
    persons: input.persons,
    categories: JSON.stringify(categories),
    sensitive: input.sensitive ? 1 : 0,
    rights_infringed: input.rightsInfringed ? 1 : 0,
    serious_impediment: input.seriousImpediment ? 1 : 0,
    public_services_affected: input.publicServicesAffected ? 1 : 0,
    malicious: input.malicious ? 1 : 0,
    public_explanation: publicExplanation ? 1 : 0,
    note,
  };
  await assessmentsRepository.insert(unit.tx, row);
  await deps.audit.append(
    unit,
    audited(actor, 'incident.assessment_record', 'incident', incident.id, {
      version: row.version,
      publicExplanation,
    }),
    now,
  );
  if (publicExplanation && incident.exercise_id === null && deps.publicExplanationCalledFor)
    await deps.publicExplanationCalledFor(
      unit,
      incident.id,
      `Impact assessment version ${row.version} calls for a public-explanation decision.`,
    );
  const readers = await incidentReaderBodies(unit.tx, incident.id, undefined, 'any');
  const subject = incidentSubject(incident);
  await deps.events.record(
    unit,
    {
      type: 'assessment.recorded',
      incidentId: incident.id,
      readerOrgIds: [...readers],
      payload: { version: row.version, publicExplanationCalledFor: publicExplanation },
      ...(subject ? { subject } : {}),
    },
    now,
  );
  return row;
}
