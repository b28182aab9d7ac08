import { AppError, commonErrors } from '../../platform/errors.js';

// What the caller may not see does not exist for it: another body's clause record or request answers exactly as
// a missing one.
export const policyErrors = {
  clauseNotFound: () => commonErrors.notFound('policies.clause_not_found', 'No such clause record.'),
  requestNotFound: () => commonErrors.notFound('policies.request_not_found', 'No such policy request.'),
  noExcerpt: () => commonErrors.notFound('policies.no_excerpt', 'This clause record has no excerpt.'),
  stale: (revision: number) =>
    new AppError(
      409,
      'policies.stale',
      `It has changed since (revision ${revision} now): read it again and retry.`,
      { revision },
    ),
  notRecorded: (status: string) =>
    new AppError(
      409,
      'policies.not_recorded',
      `This clause record is ${status}: only a record not yet confirmed is changed or confirmed.`,
      { clauseStatus: status },
    ),
  notPdf: () =>
    commonErrors.badRequest(
      'policies.not_pdf',
      'The excerpt is not a PDF: a PDF begins with %PDF- (nothing before it, not even a byte order mark) and ends with %%EOF.',
    ),
  notPdfType: () =>
    new AppError(
      415,
      'policies.not_pdf_type',
      'An excerpt is sent as application/pdf, and only a PDF is taken.',
    ),
  excerptEmpty: () => commonErrors.badRequest('policies.excerpt_empty', 'The excerpt is empty.'),
  excerptTooLarge: (maxBytes: number) =>
    new AppError(413, 'policies.excerpt_too_large', `The excerpt is larger than ${maxBytes} bytes.`, {
      maxBytes,
    }),
  badDate: (field: string) =>
    commonErrors.badRequest('policies.invalid_date', `${field} is not a calendar date (YYYY-MM-DD).`),
  duePast: () =>
    commonErrors.badRequest('policies.due_in_past', 'The due date has passed: give a day still to come.'),
  futureYear: () =>
    commonErrors.badRequest('policies.future_fiscal_year', 'That fiscal year has not begun yet.'),
  nothingAsked: () =>
    commonErrors.badRequest(
      'policies.nothing_asked',
      'A request asks for the clause, the contact structure, or both.',
    ),
  noBodies: () =>
    commonErrors.unprocessable(
      'policies.no_bodies',
      'There is no body to ask: the sender has none under it.',
    ),
  closed: () =>
    commonErrors.conflict('policies.request_closed', 'This request is closed: it takes no answer.'),
  alreadyClosed: () => commonErrors.conflict('policies.request_closed', 'This request is closed already.'),
  emptyAnswer: () =>
    commonErrors.badRequest(
      'policies.empty_answer',
      'An answer names a confirmed clause record (clauseId), confirms the contact structure, or both.',
    ),
  notAsked: (what: string) =>
    commonErrors.badRequest('policies.not_asked', `This request does not ask for ${what}.`),
  alreadyAnswered: (what: string) =>
    commonErrors.conflict('policies.already_answered', `The ${what} has been answered already.`),
  clauseNotConfirmed: () =>
    commonErrors.conflict(
      'policies.clause_not_confirmed',
      'That clause record is not the body’s confirmed one: confirm it first, then answer with it.',
    ),
  notAskedBody: () =>
    commonErrors.forbidden('Only a body the request asks answers it, through its security officer.'),
};
