import { AppError } from '../../platform/errors.js';

export const annualErrors = {
  // A report or section the caller may not read does not exist for it: "absent" and "not yours" alike.
  notFound: () => new AppError(404, 'annual.not_found', 'No such annual report or section.'),
  futureYear: (fiscalYear: number, current: number) =>
    new AppError(
      400,
      'annual.future_fiscal_year',
      `Fiscal year ${fiscalYear} has not begun (now ${current}).`,
    ),
  exists: () => new AppError(409, 'annual.exists', 'This fiscal year has an annual report already.'),
  final: () => new AppError(409, 'annual.final', 'The annual report is final: it changes no more.'),
  stale: () =>
    new AppError(409, 'annual.stale_revision', 'The report changed since you read it: read it again.'),
  notFinal: () =>
    new AppError(409, 'annual.not_final', 'The annual report is a draft: only a final one is hashed.'),
  summaryExists: () =>
    new AppError(
      409,
      'annual.summary_exists',
      'This fiscal year has a public summary already (a withdrawn one stays as a tombstone).',
    ),
  summaryNotFound: () =>
    new AppError(404, 'annual.summary_not_found', 'This fiscal year has no public summary.'),
  summaryWithdrawn: () =>
    new AppError(409, 'annual.summary_withdrawn', 'The public summary has been withdrawn already.'),
  forbidden: () =>
    new AppError(403, 'auth.forbidden', "Only the center's analysts and coordinators do this."),
  fontMissing: (path: string) =>
    new AppError(
      503,
      'annual.pdf_font_missing',
      `The PDF font is not installed at ${path} (setting RENRAKU_PDF_FONT; Debian: fonts-noto-cjk).`,
    ),
};
