import { describe, expect, it } from 'vitest';
import { EMPTY_REPORT, reportBody } from './fields.js';
import { serverFieldErrors, validateReport } from './validate.js';

// The report-form fields of a quick report: what is sent (only what was given) and what is refused first.

describe('the quick report’s report-form fields', () => {
  it('sends only what was given, trimmed, with the date only when reported', () => {
    expect(reportBody(EMPTY_REPORT)).toEqual({});
    expect(
      reportBody({
        ...EMPTY_REPORT,
        responseStatus: '  隔離した ',
        contactName: '連絡 太郎',
        contactEmail: 'taro@example.go.jp',
        police: 'yes',
        policeDate: '2026-12-01',
        ppc: 'no',
        ppcDate: '2026-12-02',
      }),
    ).toEqual({
      responseStatus: '隔離した',
      contactPerson: { name: '連絡 太郎', email: 'taro@example.go.jp' },
      policeReport: { reported: true, date: '2026-12-01' },
      ppcReport: { reported: false },
    });
  });

  it('refuses a phone or address without a name, a bad phone or address, and a text over 5,000', () => {
    const fields = (values: Partial<typeof EMPTY_REPORT>) =>
      validateReport({ ...EMPTY_REPORT, ...values }).map((e) => `${e.field}:${e.message}`);
    expect(fields({})).toEqual([]);
    expect(fields({ contactPhone: '03-1234-5678' })).toEqual(['contactName:report.error.required']);
    expect(fields({ contactName: 'a', contactPhone: 'call me', contactEmail: 'nope' })).toEqual([
      'contactPhone:report.error.format',
      'contactEmail:report.error.format',
    ]);
    expect(fields({ cause: 'あ'.repeat(5001) })).toEqual(['cause:report.error.tooLong']);
    expect(fields({ police: 'yes', policeDate: '12/01/2026' })).toEqual(['policeDate:report.error.format']);
  });

  it('puts a refusal of a nested field on the field that shows it', () => {
    expect(
      serverFieldErrors('validation.failed', [
        'body/contactPerson/email',
        'body/contactPerson/phone',
        'body/policeReport/date',
        'body/ppcReport',
      ]).map((e) => e.field),
    ).toEqual(['contactEmail', 'contactPhone', 'policeDate', 'ppcDate']);
  });
});
