import { SEVERITIES, TLPS } from '../../../src/features/incidents/vocabulary.js';
import { localDateTimeValue } from '../format.js';
import { type IndicatorRow, indicatorsBody } from '../indicators/indicators.api.js';
import type { IncidentFields, QuickReportInput, ReportFields } from './report.api.js';

// What the report forms hold while someone types (plain strings, as the fields give them), and how that
// becomes the body the server validates. A quick report and a follow-up share the optional part.

/** The optional fields, as typed: a quick report and a follow-up both offer them. */
export interface OptionalValues {
  severity: string;
  category: string;
  tlp: string;
  /** One system per line. */
  affectedSystems: string;
  personalData: '' | 'yes' | 'no';
  approxPersons: string;
  serviceDisruption: boolean;
  informationLeaked: boolean;
  informationAltered: boolean;
  informationDestroyed: boolean;
}

type Answer = '' | 'yes' | 'no';

/**
 * What the ministries' report forms ask beyond the impact, as typed: response status, cause, next steps, the
 * contact person, and whether (and when) the police and the PPC were told. Both report forms offer them.
 */
export interface ReportValues {
  responseStatus: string;
  cause: string;
  nextSteps: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  police: Answer;
  policeDate: string;
  ppc: Answer;
  ppcDate: string;
}

export const EMPTY_REPORT: ReportValues = {
  responseStatus: '',
  cause: '',
  nextSteps: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  police: '',
  policeDate: '',
  ppc: '',
  ppcDate: '',
};

/** A quick report as typed: the three required fields, the optional ones and those of the report forms. */
export interface QuickValues extends OptionalValues, ReportValues {
  title: string;
  summary: string;
  /** The value of a datetime-local field: local time, to the minute. */
  detectedAt: string;
  /** The indicator rows (absent from drafts saved before there were any). */
  indicators?: IndicatorRow[];
}

export const IMPACT_FLAGS = [
  'serviceDisruption',
  'informationLeaked',
  'informationAltered',
  'informationDestroyed',
] as const;

export const EMPTY_OPTIONAL: OptionalValues = {
  severity: '',
  category: '',
  tlp: '',
  affectedSystems: '',
  personalData: '',
  approxPersons: '',
  serviceDisruption: false,
  informationLeaked: false,
  informationAltered: false,
  informationDestroyed: false,
};

/** A blank quick report, detected now. */
export const emptyQuick = (now: Date): QuickValues => ({
  ...EMPTY_OPTIONAL,
  ...EMPTY_REPORT,
  title: '',
  summary: '',
  detectedAt: localDateTimeValue(now),
});

/** Whether anything was typed that is worth keeping as a draft (the default detection time is not). */
export function hasContent(values: QuickValues): boolean {
  const { detectedAt: _, ...rest } = values;
  return Object.entries(rest).some(([, v]) =>
    typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) ? indicatorsBody(v).length > 0 : v,
  );
}

// C0 controls other than tab and line breaks, and DEL: invisible, never meant (they come with text pasted from
// PDFs), and refused by the server. Removing them spares a stressed reporter a puzzling refusal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
export const clean = (text: string) => text.replace(CONTROL, '').trim();

/** The non-empty lines of a multi-line field. */
export const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map(clean)
    .filter((line) => line !== '');

/** A count typed by a person: full-width digits (１２０) and thousands separators (1,200) are fine. */
export function parseCount(text: string): number | null {
  const normal = text.normalize('NFKC').replace(/[,\s]/g, '');
  return /^\d{1,11}$/.test(normal) ? Number(normal) : null;
}

/** Length as the server counts it: in characters (code points), not UTF-16 units. */
export const length = (text: string) => [...text].length;

const oneOf = <T extends string>(list: readonly T[], value: string): T | undefined =>
  list.find((item) => item === value);

/** The optional part of a body: only what was set, so that a follow-up changes nothing else. */
export function optionalBody(values: OptionalValues): IncidentFields {
  const body: IncidentFields = {};
  const severity = oneOf(SEVERITIES, values.severity);
  const tlp = oneOf(TLPS, values.tlp);
  if (severity) body.severity = severity;
  if (values.category) body.category = values.category;
  if (tlp) body.tlp = tlp;
  const systems = lines(values.affectedSystems);
  if (systems.length > 0) body.affectedSystems = systems;
  const impact: NonNullable<IncidentFields['impact']> = {};
  if (values.personalData) {
    const persons = values.personalData === 'yes' ? parseCount(values.approxPersons) : null;
    impact.personalData = {
      involved: values.personalData === 'yes',
      ...(persons !== null ? { approxPersons: persons } : {}),
    };
  }
  // Only what is known to have happened is sent: an unticked box means "not known", never "did not happen".
  for (const flag of IMPACT_FLAGS) if (values[flag]) impact[flag] = true;
  if (Object.keys(impact).length > 0) body.impact = impact;
  return body;
}

const authority = (answer: Answer, date: string) =>
  answer === '' ? undefined : { reported: answer === 'yes', ...(answer === 'yes' && date ? { date } : {}) };

/** The report-form part of a first report: only what was given (a follow-up sends changes instead). */
export function reportBody(values: ReportValues): ReportFields {
  const body: ReportFields = {};
  for (const key of ['responseStatus', 'cause', 'nextSteps'] as const) {
    const text = clean(values[key]);
    if (text) body[key] = text;
  }
  const name = clean(values.contactName);
  const phone = clean(values.contactPhone);
  const email = clean(values.contactEmail);
  if (name) body.contactPerson = { name, ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
  const police = authority(values.police, values.policeDate);
  const ppc = authority(values.ppc, values.ppcDate);
  if (police) body.policeReport = police;
  if (ppc) body.ppcReport = ppc;
  return body;
}

/** The body of a quick report, once the values are valid. */
export function quickBody(values: QuickValues): QuickReportInput {
  const indicators = indicatorsBody(values.indicators);
  return {
    title: clean(values.title),
    summary: clean(values.summary),
    detectedAt: new Date(values.detectedAt).toISOString(),
    ...optionalBody(values),
    ...reportBody(values),
    ...(indicators.length > 0 ? { indicators } : {}),
  };
}
