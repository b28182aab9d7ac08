import type { MessageKey } from '../i18n.js';
import {
  clean,
  length,
  lines,
  type OptionalValues,
  parseCount,
  type QuickValues,
  type ReportValues,
} from './fields.js';

// The server's limits (incidents.schemas.ts), checked before sending so that a person hears at once what to fix.
// The server remains the judge: anything it refuses anyway is shown by its code.
export const LIMITS = {
  title: 200,
  text: 20_000,
  system: 200,
  systems: 100,
  persons: 10_000_000_000,
  /** How far in the future a detection time may lie (the server's default clock skew). */
  futureMs: 5 * 60_000,
  /** The earliest detection time the server accepts (EARLIEST_DETECTION in incidents.usecases.ts). */
  earliest: Date.parse('2000-01-01T00:00:00.000Z'),
  /** 対応状況, 原因, 今後の対応 */
  formText: 5000,
  contactName: 100,
} as const;

// The contact person's phone and e-mail as the server checks them (ContactPerson in incidents.schemas.ts).
const PHONE = /^[0-9+()\- ]{3,40}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type FieldName =
  | 'title'
  | 'summary'
  | 'detectedAt'
  | 'text'
  | 'severity'
  | 'category'
  | 'tlp'
  | 'affectedSystems'
  | 'approxPersons'
  | 'responseStatus'
  | 'cause'
  | 'nextSteps'
  | 'contactName'
  | 'contactPhone'
  | 'contactEmail'
  | 'policeDate'
  | 'ppcDate';

/** The label of each field, used in its messages. */
export const FIELD_LABELS: Record<FieldName, MessageKey> = {
  title: 'report.title',
  summary: 'report.summary',
  detectedAt: 'report.detectedAt',
  text: 'detail.followUp.text',
  severity: 'report.severity',
  category: 'report.category',
  tlp: 'report.tlp',
  affectedSystems: 'report.affectedSystems',
  approxPersons: 'report.approxPersons',
  responseStatus: 'detail.responseStatus',
  cause: 'detail.cause',
  nextSteps: 'detail.nextSteps',
  contactName: 'detail.followUp.contactName',
  contactPhone: 'detail.followUp.contactPhone',
  contactEmail: 'detail.followUp.contactEmail',
  policeDate: 'detail.followUp.reportedDate',
  ppcDate: 'detail.followUp.reportedDate',
};

export interface FieldError {
  field: FieldName;
  message: MessageKey;
  params?: Record<string, string | number>;
}

/** Errors by field, in the order the fields appear (the first one gets the focus). */
export type FieldErrors = Partial<Record<FieldName, FieldError>>;

export function requiredText(
  field: FieldName,
  value: string,
  max: number,
  oneLine = false,
): FieldError | null {
  const text = clean(value);
  if (text === '') return { field, message: 'report.error.required' };
  if (oneLine && /[\r\n]/.test(text)) return { field, message: 'report.error.oneLine' };
  const n = length(text);
  if (n > max) return { field, message: 'report.error.tooLong', params: { max, length: n } };
  return null;
}

export function validateOptional(values: OptionalValues): FieldError[] {
  const errors: FieldError[] = [];
  const systems = lines(values.affectedSystems);
  const long = systems.findIndex((s) => length(s) > LIMITS.system);
  if (systems.length > LIMITS.systems)
    errors.push({
      field: 'affectedSystems',
      message: 'report.error.tooMany',
      params: { max: LIMITS.systems },
    });
  else if (long >= 0)
    errors.push({
      field: 'affectedSystems',
      message: 'report.error.systemTooLong',
      params: { max: LIMITS.system, line: long + 1 },
    });
  if (values.personalData === 'yes' && values.approxPersons.trim() !== '') {
    const persons = parseCount(values.approxPersons);
    if (persons === null || persons > LIMITS.persons)
      errors.push({ field: 'approxPersons', message: 'report.error.persons' });
  }
  return errors;
}

/** Checks the report-form fields of a first report (lengths, the contact person, the dates told). */
export function validateReport(values: ReportValues): FieldError[] {
  const errors: FieldError[] = [];
  const tooLong = (field: FieldName, text: string, max: number) => {
    const n = length(clean(text));
    if (n > max) errors.push({ field, message: 'report.error.tooLong', params: { max, length: n } });
  };
  for (const field of ['responseStatus', 'cause', 'nextSteps'] as const)
    tooLong(field, values[field], LIMITS.formText);
  const phone = clean(values.contactPhone);
  const email = clean(values.contactEmail);
  if (clean(values.contactName) === '' && (phone || email))
    errors.push({ field: 'contactName', message: 'report.error.required' });
  else if (/[\r\n]/.test(clean(values.contactName)))
    errors.push({ field: 'contactName', message: 'report.error.oneLine' });
  else tooLong('contactName', values.contactName, LIMITS.contactName);
  if (phone && !PHONE.test(phone)) errors.push({ field: 'contactPhone', message: 'report.error.format' });
  if (email && (!EMAIL.test(email) || email.length > 254))
    errors.push({ field: 'contactEmail', message: 'report.error.format' });
  if (values.police === 'yes' && values.policeDate && !DATE.test(values.policeDate))
    errors.push({ field: 'policeDate', message: 'report.error.format' });
  if (values.ppc === 'yes' && values.ppcDate && !DATE.test(values.ppcDate))
    errors.push({ field: 'ppcDate', message: 'report.error.format' });
  return errors;
}

/** Checks a quick report as the server will; `now` is the device's clock. */
export function validateQuick(values: QuickValues, now: Date): FieldError[] {
  const errors: (FieldError | null)[] = [
    requiredText('title', values.title, LIMITS.title, true),
    requiredText('summary', values.summary, LIMITS.text),
    detectedAtError(values.detectedAt, now),
  ];
  return [
    ...errors.filter((e): e is FieldError => e !== null),
    ...validateOptional(values),
    ...validateReport(values),
  ];
}

function detectedAtError(value: string, now: Date): FieldError | null {
  if (value.trim() === '') return { field: 'detectedAt', message: 'report.error.required' };
  const at = new Date(value).getTime();
  if (Number.isNaN(at)) return { field: 'detectedAt', message: 'report.error.date' };
  if (at > now.getTime() + LIMITS.futureMs) return { field: 'detectedAt', message: 'report.error.future' };
  if (at < LIMITS.earliest) return { field: 'detectedAt', message: 'report.error.tooEarly' };
  return null;
}

/** Indexes errors by field, keeping the first per field. */
export const byField = (errors: readonly FieldError[]): FieldErrors => {
  const found: FieldErrors = {};
  for (const e of errors) found[e.field] ??= e;
  return found;
};

/**
 * What a refusal says about fields: the schema's paths (`body/title`, `body/impact/personalData/…`) and the
 * codes that concern one field. Unknown paths are left to the general message.
 */
export function serverFieldErrors(code: string, paths: readonly string[]): FieldError[] {
  if (code === 'incidents.detected_in_future')
    return [{ field: 'detectedAt', message: 'report.error.future' }];
  if (code === 'incidents.detected_too_early')
    return [{ field: 'detectedAt', message: 'report.error.tooEarly' }];
  if (code === 'incidents.unknown_category') return [{ field: 'category', message: 'report.error.category' }];
  const errors: FieldError[] = [];
  for (const path of paths) {
    const name = /^body\/(?:impact\/personalData\/)?(\w+)/.exec(path)?.[1];
    const inForm = /^body\/(contactPerson|policeReport|ppcReport)(?:\/(\w+))?/.exec(path);
    if (inForm) {
      errors.push({ field: formFieldOf(inForm[1] ?? '', inForm[2]), message: 'report.error.server' });
      continue;
    }
    if (name && name in FIELD_LABELS)
      errors.push({ field: name as FieldName, message: 'report.error.server' });
  }
  return errors;
}

/** The field of the form that shows a refusal of a nested report-form value. */
function formFieldOf(group: string, part: string | undefined): FieldName {
  if (group === 'policeReport') return 'policeDate';
  if (group === 'ppcReport') return 'ppcDate';
  return part === 'phone' ? 'contactPhone' : part === 'email' ? 'contactEmail' : 'contactName';
}
