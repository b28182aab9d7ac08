import { describe, expect, it } from 'vitest';
import { fiscalYearOf, formatDate, formatFiscalYear, formatMinutes } from './format.js';

describe('dates as Japanese officials read them', () => {
  it('writes dates with the era', () => {
    expect(formatDate('2025-11-25T03:00:00Z', 'ja')).toMatch(/^令和7年11月25日$/);
    expect(formatDate('2019-04-30T03:00:00Z', 'ja')).toMatch(/^平成31年4月30日$/);
    expect(formatDate('2025-11-25T03:00:00Z', 'en')).toBe('25 Nov 2025');
  });

  it('puts January to March in the fiscal year that began the April before', () => {
    expect(fiscalYearOf(new Date(2026, 2, 31, 23, 59))).toBe(2025);
    expect(fiscalYearOf(new Date(2026, 3, 1, 0, 0))).toBe(2026);
  });

  it('names fiscal years by era, by the era of their first day, with 元 for the first year of an era', () => {
    expect(formatFiscalYear(2025, 'ja')).toBe('令和7年度');
    expect(formatFiscalYear(2019, 'ja')).toBe('平成31年度');
    expect(formatFiscalYear(1989, 'ja')).toBe('平成元年度');
    expect(formatFiscalYear(2018, 'ja')).toBe('平成30年度');
    expect(formatFiscalYear(2025, 'en')).toBe('FY2025');
  });

  it('says durations in hours and minutes', () => {
    expect(formatMinutes(65, 'ja')).toBe('1時間5分');
    expect(formatMinutes(60, 'en')).toBe('1 h');
    expect(formatMinutes(0, 'en')).toBe('0 min');
    expect(formatMinutes(-5, 'ja')).toBe('-5分');
  });
});
