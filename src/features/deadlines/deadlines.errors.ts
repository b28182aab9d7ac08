import { AppError, commonErrors } from '../../platform/errors.js';

export const deadlineErrors = {
  // Whatever the caller may not read does not exist for it: the same answer as for an incident it cannot read.
  incidentNotFound: () => new AppError(404, 'incidents.not_found', 'No such incident.'),
  notAllowed: () => commonErrors.forbidden('Only an administrator configures deadline profiles.'),
  unknownTrigger: (trigger: string, known: readonly string[]) =>
    new AppError(
      422,
      'deadlines.unknown_trigger',
      `The trigger '${trigger}' is not one of ${known.join(', ')}.`,
      { known },
    ),
  invalidClock: (index: number, why: string) =>
    new AppError(422, 'deadlines.invalid_clock', `clocks[${index}]: ${why}.`, { clock: index }),
  noClocks: () => new AppError(422, 'deadlines.no_clocks', 'A profile has at least one clock.'),
  unknownBody: (slug: string) =>
    new AppError(422, 'deadlines.unknown_body', `No body has the slug '${slug}'.`, { slug }),
  unknownTimeZone: (zone: string) =>
    new AppError(422, 'deadlines.unknown_time_zone', `'${zone}' is not an IANA time zone.`),
  invalidName: (field: string) =>
    new AppError(422, 'deadlines.invalid_name', `${field} is not one line of visible text.`, { field }),
  stale: (revision: number) =>
    new AppError(
      409,
      'deadlines.stale',
      `The profile has changed since (revision ${revision} now): read it again and retry.`,
      { revision },
    ),
};
