import { AppError } from '../../platform/errors.js';

/** An entry of a report's indicator list refused: its index and field are named, in the message and as members. */
export const indicatorEntryError = (entry: number, field: 'value' | 'note', code: string, message: string) =>
  new AppError(422, code, `indicators[${entry}].${field}: ${message}`, {
    entry,
    field,
    pointer: `/indicators/${entry}/${field}`,
  });

export const indicatorErrors = {
  duplicate: (entry: number, first: number) =>
    new AppError(
      422,
      'indicators.duplicate',
      `indicators[${entry}].value: the same indicator as indicators[${first}] (once canonical).`,
      { entry, field: 'value', pointer: `/indicators/${entry}/value`, duplicateOf: first },
    ),
};
