import { strFromU8, unzipSync } from 'fflate';

// Reads back what an XLSX export wrote: each sheet's name and its cells as text, row by row, and whether any
// cell holds a formula. fflate unzips (write-excel-file's own dependency); the XML is simple enough to read.

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

const texts = (xml: string) =>
  [...xml.matchAll(/<t(?: [^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1] ?? ''));

/** A column's index from its letters (A is 0, AA is 26). */
const column = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

export interface ReadSheet {
  name: string;
  rows: string[][];
  formulas: number;
}

export function readXlsx(file: Buffer): ReadSheet[] {
  const files = unzipSync(new Uint8Array(file));
  const read = (path: string) => {
    const f = files[path];
    return f ? strFromU8(f) : '';
  };
  const shared = [...read('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    texts(m[1] ?? '').join(''),
  );
  const names = [...read('xl/workbook.xml').matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) =>
    unescapeXml(m[1] ?? ''),
  );
  return names.map((name, i) => {
    const xml = read(`xl/worksheets/sheet${i + 1}.xml`);
    const rows = [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
      const cells: string[] = [];
      for (const c of (row[1] ?? '').matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = c[1] ?? '';
        const body = c[2] ?? '';
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        const text = /t="s"/.test(attrs)
          ? (shared[Number(v)] ?? '')
          : /t="inlineStr"/.test(attrs)
            ? texts(body).join('')
            : v === undefined
              ? ''
              : unescapeXml(v);
        cells[column(/r="([A-Z]+)\d+"/.exec(attrs)?.[1] ?? 'A')] = text;
      }
      return Array.from(cells, (c) => c ?? '');
    });
    return { name, rows, formulas: (xml.match(/<f[ >]/g) ?? []).length };
  });
}
