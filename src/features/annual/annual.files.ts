import { sheetsToCsv, sheetsToXlsx, XLSX_MEDIA_TYPE } from '../../platform/export/sheets.js';
import { annualPdf } from './annual.pdf.js';
import { annualSheets } from './annual.sheets.js';
import type { AnnualView } from './annual.usecases.js';

export type AnnualFormat = 'pdf' | 'xlsx' | 'csv';

export const ANNUAL_MEDIA_TYPES: Record<AnnualFormat, string> = {
  pdf: 'application/pdf',
  xlsx: XLSX_MEDIA_TYPE,
  csv: 'text/csv; charset=utf-8',
};

/** The report as a file of the format, as the view holds it (the API's export and the CLI alike). */
export async function annualFile(
  view: AnnualView,
  format: AnnualFormat,
  lang: 'ja' | 'en',
  fontPath: string,
): Promise<Buffer | string> {
  if (format === 'pdf')
    return annualPdf({
      content: view.content,
      status: view.row.status as 'draft' | 'final',
      sha256: view.row.sha256,
      lang,
      fontPath,
    });
  const sheets = annualSheets(view.content, lang);
  return format === 'xlsx' ? sheetsToXlsx(sheets) : sheetsToCsv(sheets);
}
