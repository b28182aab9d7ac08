import { commonErrors } from '../../platform/errors.js';
import { freeText } from '../../platform/text.js';

// A clause record is evidence: what it says is what was confirmed. Beyond what every free text refuses
// (controls, bidirectional overrides, nothing visible), it holds no format character at all: a zero-width space
// or joiner would make two records that read the same differ.
const FORMAT = /\p{Cf}/u;

/** The text as stored (NFC, trimmed), or a 400 naming the field. */
export function checkedText(raw: string, field: string, max: number): string {
  const text = freeText(raw, field, max);
  if (FORMAT.test(text))
    throw commonErrors.badRequest(
      'text.invisible_characters',
      `${field} contains invisible or format characters (zero-width spaces, joiners, bidirectional controls).`,
    );
  return text.trim();
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a YYYY-MM-DD names a day of the calendar (not 2026-02-30). */
export function isCalendarDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}
