import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { CHART_NAMES, type ChartSeries, chartSeries } from './annual.charts.js';
import { annualErrors } from './annual.errors.js';
import { annualSheets } from './annual.sheets.js';
import type { AnnualContent } from './annual.usecases.js';

type Lang = 'ja' | 'en';

const TITLE = {
  ja: (fy: number) => `${fy}年度 年次報告書`,
  en: (fy: number) => `Annual report, fiscal year ${fy}`,
};
const STATUS = { ja: { draft: '草案', final: '確定' }, en: { draft: 'Draft', final: 'Final' } };

/**
 * The report as a PDF with the font embedded (subset): the title, the foreword, the government-wide charts and
 * every table of the XLSX, the definitions and formulas included. The charts are drawn with pdfkit's vectors from
 * the series the SVG charts draw (annual.charts.ts), each bar with its count written beside it: SVG-to-PDF
 * converters for pdfkit are small 0.x projects that would have to be trusted with ECharts' whole SVG output. A missing font is a 503, never a broken file.
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
  for (const chart of CHART_NAMES) {
    const series = chartSeries(content.numbers.trends, chart, lang);
    if (chart === 'month') monthChart(doc, series);
    else barsChart(doc, series);
  }
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
function monthChart(doc: PDFKit.PDFDocument, s: ChartSeries) {
  const max = Math.max(1, ...s.values);
  const left = 50;
  const top = doc.y + 20;
  const height = 120;
  const width = 36;
  doc.fontSize(11).text(s.title, left, doc.y);
  doc.fontSize(7);
  s.labels.forEach((label, i) => {
    const count = s.values[i] ?? 0;
    const h = (count / max) * height;
    const x = left + i * (width + 4);
    doc.rect(x, top + height - h, width, h).fill('#1f5fa8');
    doc.fillColor('black').text(String(count), x, top + height - h - 10, { width, align: 'center' });
    doc.text(label.slice(5), x, top + height + 2, { width, align: 'center' });
  });
  doc.x = 40;
  doc.y = top + height + 20;
}

/** Horizontal bars, one a line: the label, the bar, its count. */
function barsChart(doc: PDFKit.PDFDocument, s: ChartSeries) {
  const max = Math.max(1, ...s.values);
  const line = 14;
  if (doc.y + 30 + s.labels.length * line > 800) doc.addPage();
  const left = 50;
  doc.moveDown(0.5).fontSize(11).text(s.title, left, doc.y);
  const top = doc.y + 4;
  doc.fontSize(8);
  s.labels.forEach((label, i) => {
    const count = s.values[i] ?? 0;
    const y = top + i * line;
    doc.fillColor('black').text(label, left, y, { width: 140, lineBreak: false, ellipsis: true });
    const w = (count / max) * 300;
    if (w > 0) doc.rect(left + 150, y, w, line - 4).fill('#1f5fa8');
    doc.fillColor('black').text(String(count), left + 156 + w, y, { lineBreak: false });
  });
  doc.x = 40;
  doc.y = top + s.labels.length * line + 10;
}
