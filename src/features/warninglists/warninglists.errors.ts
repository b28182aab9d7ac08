import { AppError, commonErrors } from '../../platform/errors.js';

export const warninglistErrors = {
  notFound: () => commonErrors.notFound('warninglists.not_found', 'No such warning list.'),
  invalidFile: (why: string) =>
    new AppError(422, 'warninglists.invalid_file', `Not a MISP warning list: ${why}.`),
  regexRefused: () =>
    new AppError(
      422,
      'warninglists.regex_refused',
      'Regular-expression lists are not run: a crafted pattern or value could stall matching (ReDoS). Give the values as string, cidr, hostname or substring entries.',
    ),
  unknownMatchType: (type: string) =>
    new AppError(
      422,
      'warninglists.unknown_match_type',
      `The match type '${type}' is not one of string, cidr, hostname, substring.`,
    ),
  invalidEntry: (index: number, field: string, why: string) =>
    new AppError(422, 'warninglists.invalid_entry', `${field}[${index}]: ${why}.`, { entry: index, field }),
  tooManyEntries: (max: number) =>
    new AppError(422, 'warninglists.too_many_entries', `A warning list holds at most ${max} entries.`, {
      max,
    }),
  invalidName: (why: string) => new AppError(422, 'warninglists.invalid_name', `The list's name ${why}.`),
  nameTaken: () => commonErrors.conflict('warninglists.name_taken', 'A warning list of that name exists.'),
  notNewer: (stored: number, given: number) =>
    commonErrors.conflict(
      'warninglists.not_newer',
      `The list is at version ${stored}: version ${given} is older, and changes nothing.`,
    ),
  stale: (revision: number) =>
    new AppError(
      409,
      'warninglists.stale',
      `The list has changed since (revision ${revision} now): read it again and retry.`,
      { revision },
    ),
  entriesElsewhere: () =>
    new AppError(
      422,
      'warninglists.entries_elsewhere',
      "This list's entries are the bodies' own domains, which the administrator keeps on each body.",
    ),
};
