import { AppError } from '../../platform/errors.js';

export const attachmentErrors = {
  // What the caller may not see does not exist for it: the same answer for "absent" and "not yours".
  notFound: () => new AppError(404, 'attachments.not_found', 'No such attachment.'),
  incidentNotFound: () => new AppError(404, 'incidents.not_found', 'No such incident.'),
  notReportingBody: () =>
    new AppError(403, 'auth.forbidden', "Only the incident's own body attaches files to its reports."),
  empty: () => new AppError(400, 'attachments.empty', 'The file is empty.'),
  tooLarge: (maxBytes: number) =>
    new AppError(413, 'attachments.too_large', `The file is larger than ${maxBytes} bytes.`, { maxBytes }),
  incidentFull: (maxBytes: number) =>
    new AppError(
      413,
      'attachments.incident_full',
      `The incident's attachments would exceed ${maxBytes} bytes in all.`,
      { maxBytes },
    ),
  badName: (why: string) => new AppError(400, 'attachments.invalid_name', `The file name ${why}.`),
  badMediaType: () =>
    new AppError(
      400,
      'attachments.invalid_media_type',
      'The Content-Type is not a media type (type/subtype).',
    ),
  withdrawn: () =>
    new AppError(
      410,
      'attachments.withdrawn',
      "The file was withdrawn by the incident's body; its bytes are gone.",
    ),
  alreadyWithdrawn: () =>
    new AppError(409, 'attachments.already_withdrawn', 'The file is already withdrawn.'),
  notWithdrawer: () =>
    new AppError(
      403,
      'auth.forbidden',
      "Only the person who attached the file or a security officer of the incident's body withdraws it.",
    ),
  unknownReport: (seq: number) =>
    new AppError(400, 'attachments.unknown_report', `The incident has no report ${seq}.`),
};
