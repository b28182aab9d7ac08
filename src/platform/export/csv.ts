// RFC 4180 CSV for spreadsheets: UTF-8 with a byte-order mark (Excel in Japan reads UTF-8 only with it), CRLF
// line ends, and cells that a spreadsheet would run as a formula defused.

export const CSV_BOM = '\uFEFF';

// A cell starting with one of these is a formula to Excel and others (OWASP "CSV injection"). Its compatibility
// forms count too: Japanese Excel takes a full-width ＝ (typed with the IME on) as the start of a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: a leading apostrophe before a formula character, quotes where RFC 4180 needs them. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (FORMULA_START.test(text) || FORMULA_START.test(text.slice(0, 1).normalize('NFKC'))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: (string | number | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;
