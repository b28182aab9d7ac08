import { AppError, commonErrors } from '../../platform/errors.js';

export const assessmentErrors = {
  // Whatever the caller may not read does not exist for it: the same answer as for an incident it cannot read.
  incidentNotFound: () => new AppError(404, 'incidents.not_found', 'No such incident.'),
  notAllowed: () =>
    commonErrors.forbidden(
      "Only the reporting body's reporters and security officers record its assessment.",
    ),
  stale: (version: number) =>
    new AppError(
      409,
      'assessments.stale',
      `The assessment has changed since (version ${version} now): read it again and retry.`,
      { version },
    ),
  unknownReport: (seq: number) =>
    new AppError(422, 'assessments.unknown_report', `The incident has no report number ${seq}.`, { seq }),
  invalidCategory: (index: number, why: string) =>
    new AppError(422, 'assessments.invalid_category', `categories[${index}] ${why}.`, { index }),
  inconsistent: (why: string) => new AppError(422, 'assessments.inconsistent', why),
};
