import type { IncidentDetail } from '../api.js';
import {
  clean,
  EMPTY_OPTIONAL,
  IMPACT_FLAGS,
  lines,
  type OptionalValues,
  parseCount,
  type ReportValues,
} from '../report/fields.js';
import type { FollowUpInput } from '../report/report.api.js';

// A follow-up starts from the incident as it stands: a field left alone keeps its value (and is not sent), a
// field emptied is cleared explicitly (sent as null), a field changed is sent.

type Answer = ReportValues['police'];

/** The follow-up form's values: the shared optional fields and those of the ministries' forms. */
export interface FollowUpValues extends OptionalValues, ReportValues {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const answer = (a: IncidentDetail['policeReport']): Answer => (!a ? '' : a.reported ? 'yes' : 'no');

/** The form's values for an incident as it stands now. */
export function valuesOf(d: IncidentDetail): FollowUpValues {
  const impact = isRecord(d.impact) ? d.impact : {};
  const personal = isRecord(impact.personalData) ? impact.personalData : null;
  const flags = Object.fromEntries(IMPACT_FLAGS.map((f) => [f, impact[f] === true])) as Record<
    (typeof IMPACT_FLAGS)[number],
    boolean
  >;
  return {
    ...EMPTY_OPTIONAL,
    severity: d.severity ?? '',
    category: d.category ?? '',
    tlp: d.tlp,
    affectedSystems: d.affectedSystems.join('\n'),
    personalData: personal ? (personal.involved === true ? 'yes' : 'no') : '',
    approxPersons: typeof personal?.approxPersons === 'number' ? String(personal.approxPersons) : '',
    ...flags,
    responseStatus: d.responseStatus ?? '',
    cause: d.cause ?? '',
    nextSteps: d.nextSteps ?? '',
    contactName: d.contactPerson?.name ?? '',
    contactPhone: d.contactPerson?.phone ?? '',
    contactEmail: d.contactPerson?.email ?? '',
    police: answer(d.policeReport),
    policeDate: d.policeReport?.date ?? '',
    ppc: answer(d.ppcReport),
    ppcDate: d.ppcReport?.date ?? '',
  };
}

type Fields = Omit<FollowUpInput, 'kind' | 'text' | 'title' | 'summary'>;

const authority = (a: Answer, date: string) =>
  a === '' ? null : { reported: a === 'yes', ...(a === 'yes' && date ? { date } : {}) };

/** What changed from `before` to `now`, as a follow-up body: emptied fields as null, untouched ones left out. */
export function changedFields(before: FollowUpValues, now: FollowUpValues): Fields {
  const body: Fields = {};
  const changed = (...keys: (keyof FollowUpValues)[]) => keys.some((k) => before[k] !== now[k]);
  if (changed('severity')) body.severity = (now.severity || null) as Fields['severity'];
  if (changed('category')) body.category = now.category || null;
  if (changed('tlp') && now.tlp) body.tlp = now.tlp as Fields['tlp'];
  if (changed('affectedSystems')) body.affectedSystems = lines(now.affectedSystems);
  if (changed('personalData', 'approxPersons', ...IMPACT_FLAGS)) {
    const impact: NonNullable<Fields['impact']> = {};
    if (now.personalData) {
      const persons = now.personalData === 'yes' ? parseCount(now.approxPersons) : null;
      impact.personalData = {
        involved: now.personalData === 'yes',
        ...(persons !== null ? { approxPersons: persons } : {}),
      };
    }
    // A box unticked that was ticked says it did not happen after all; one never ticked says nothing.
    for (const flag of IMPACT_FLAGS) if (now[flag] || before[flag]) impact[flag] = now[flag];
    if (Object.keys(impact).length > 0) body.impact = impact;
  }
  for (const key of ['responseStatus', 'cause', 'nextSteps'] as const)
    if (changed(key)) body[key] = clean(now[key]) || null;
  if (changed('contactName', 'contactPhone', 'contactEmail'))
    body.contactPerson = clean(now.contactName)
      ? {
          name: clean(now.contactName),
          ...(clean(now.contactPhone) ? { phone: clean(now.contactPhone) } : {}),
          ...(clean(now.contactEmail) ? { email: clean(now.contactEmail) } : {}),
        }
      : null;
  if (changed('police', 'policeDate')) body.policeReport = authority(now.police, now.policeDate);
  if (changed('ppc', 'ppcDate')) body.ppcReport = authority(now.ppc, now.ppcDate);
  return body;
}
