import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './audit.csv.js';

describe('audit CSV cells', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    // Compatibility forms of the formula characters: full width, and the small form of =.
    ['＝WEBSERVICE("http://x")', `"'＝WEBSERVICE(""http://x"")"`],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['\uFE66cmd', "'\uFE66cmd"],
  ])('defuses a formula: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['a=b', 'a=b'],
    ['', ''],
    ['日本語', '日本語'],
  ])('quotes as RFC 4180 asks: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes numbers, empty cells for null, and CRLF line ends', () => {
    expect(csvLine([12, null, 'x,y'])).toBe('12,,"x,y"\r\n');
  });
});
