import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { annualErrors } from './annual.errors.js';
import { annualSheets } from './annual.sheets.js';
import type { AnnualContent } from './annual.usecases.js';

type Lang = 'ja' | 'en';

const TITLE = {
  ja: (fy: number) => `${fy}年度 年次報告書`,
  en: (fy: number) => `Annual report, fiscal year ${fy}`,
};
const STATUS = { ja: { draft: '草案', final: '確定' }, en: { draft: 'Draft', final: 'Final' } };
const CHART = { ja: '月別の事案数', en: 'Incidents by month' };

/**
 * The report as a PDF with the font embedded (subset): the title, the foreword, a bar chart of the months and
 * every table of the XLSX, the definitions and formulas included. A missing font is a 503, never a broken file.
 */
export async function annualPdf(args: {
  content: AnnualContent;
  status: 'draft' | 'final';
  sha256: string | null;
  lang: Lang;
  fontPath: string;
}): Promise<Buffer> {
  const { content, lang } = args;
  if (!existsSync(args.fontPath)) throw annualErrors.fontMissing(args.fontPath);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    compress: true,
    info: { Title: TITLE[lang](content.numbers.fiscalYear) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    // A collection (.ttc) names the face to take; a single font file takes none.
    if (args.fontPath.endsWith('.ttc')) doc.registerFont('body', args.fontPath, 'NotoSansCJKjp-Regular');
    else doc.registerFont('body', args.fontPath);
  } catch {
    throw annualErrors.fontMissing(args.fontPath);
  }
  doc.font('body');
  doc.fontSize(18).text(TITLE[lang](content.numbers.fiscalYear));
  doc.fontSize(9).text(`${STATUS[lang][args.status]}${args.sha256 ? `  SHA-256 ${args.sha256}` : ''}`);
  doc.moveDown();
  const foreword = lang === 'ja' ? content.forewordJa : content.forewordEn;
  if (foreword) doc.fontSize(10).text(foreword).moveDown();
  monthChart(doc, content, lang);
  for (const sheet of annualSheets(content, lang)) {
    if (doc.y > 700) doc.addPage();
    doc.moveDown(0.5).fontSize(12).text(sheet.name).fontSize(8);
    doc.text(sheet.header.join(' | '));
    for (const row of sheet.rows) {
      if (doc.y > 780) doc.addPage();
      doc.text(row.map((c) => (c === null ? '—' : String(c))).join(' | '));
    }
  }
  doc.end();
  return done;
}

/** Bars of the incidents per month, drawn as vectors, with each count written above its bar. */
function monthChart(doc: PDFKit.PDFDocument, content: AnnualContent, lang: Lang) {
  const months = content.numbers.trends.byMonth;
  const max = Math.max(1, ...months.map((m) => m.count));
  const left = 50;
  const top = doc.y + 20;
  const height = 120;
  const width = 36;
  doc.fontSize(11).text(CHART[lang], left, doc.y);
  doc.fontSize(7);
  months.forEach((m, i) => {
    const h = (m.count / max) * height;
    const x = left + i * (width + 4);
    doc.rect(x, top + height - h, width, h).fill('#1f5fa8');
    doc.fillColor('black').text(String(m.count), x, top + height - h - 10, { width, align: 'center' });
    doc.text(m.month.slice(5), x, top + height + 2, { width, align: 'center' });
  });
  doc.x = 40;
  doc.y = top + height + 20;
}
