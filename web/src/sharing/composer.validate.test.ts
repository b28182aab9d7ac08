import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.js';
import { serverErrors, validateComposer } from './composer.validate.js';
import { type ComposerValues, emptyComposer } from './composer.values.js';

const NOW = new Date('2026-11-25T03:00:00.000Z');
const valid = (over: Partial<ComposerValues> = {}): ComposerValues => ({
  ...emptyComposer(),
  title: '不審な通信を検知',
  body: '外部への不審な通信を検知した。',
  ...over,
});
const row = (value: string, description = '') => ({ key: 0, type: 'ipv4-addr' as const, value, description });

describe('checking the composer before sending', () => {
  it('accepts a complete share', () => {
    expect(validateComposer(valid(), NOW)).toEqual({});
  });

  it('asks for a title and a body, blank ones included', () => {
    expect(validateComposer(valid({ title: '　 ', body: '\n\n' }), NOW)).toEqual({
      title: { key: 'compose.error.required' },
      body: { key: 'compose.error.required' },
    });
  });

  it('wants the title on one line', () => {
    expect(validateComposer(valid({ title: '一行目\n二行目' }), NOW).title).toEqual({
      key: 'compose.error.oneLine',
    });
  });

  it('counts characters, not UTF-16 units: 200 × 𠮷 is a title of 200', () => {
    expect(validateComposer(valid({ title: '𠮷'.repeat(200) }), NOW).title).toBeUndefined();
    expect(validateComposer(valid({ title: '𠮷'.repeat(201) }), NOW).title).toEqual({
      key: 'compose.error.tooLong',
      params: { max: 200 },
    });
    expect(validateComposer(valid({ body: 'あ'.repeat(20_001) }), NOW).body?.key).toBe(
      'compose.error.tooLong',
    );
  });

  it('names the indicator with a description but no value, and refuses too many', () => {
    const indicators = [row('203.0.113.1'), row('', ''), row(' ', 'C2サーバー')];
    expect(validateComposer(valid({ indicators }), NOW).indicators).toEqual({
      key: 'compose.error.indicatorValue',
      params: { n: 3 },
    });
    const many = Array.from({ length: 501 }, (_, i) => row(`203.0.113.${i % 250}`));
    expect(validateComposer(valid({ indicators: many }), NOW).indicators?.key).toBe('compose.error.tooMany');
  });

  it('names the mitigation that is too long, and refuses too many', () => {
    const mitigations = [
      { key: 1, text: '遮断する。' },
      { key: 2, text: '対'.repeat(2_001) },
    ];
    expect(validateComposer(valid({ mitigations }), NOW).mitigations).toEqual({
      key: 'compose.error.mitigationTooLong',
      params: { n: 2, max: 2_000 },
    });
    const many = Array.from({ length: 51 }, (_, key) => ({ key, text: '対策' }));
    expect(validateComposer(valid({ mitigations: many }), NOW).mitigations?.key).toBe(
      'compose.error.tooMany',
    );
  });

  it('wants at least one body, or one well-formed address of a named person', () => {
    expect(validateComposer(valid({ audience: 'orgs', orgs: [] }), NOW).audience?.key).toBe(
      'compose.error.noOrgs',
    );
    const people = (users: string) =>
      validateComposer(valid({ audience: 'users', tlp: 'TLP:RED', users }), NOW);
    expect(people('\n  \n').audience?.key).toBe('compose.error.noUsers');
    expect(people('a@x.test\n山田 太郎').audience).toEqual({
      key: 'compose.error.email',
      params: { email: '山田 太郎' },
    });
    expect(people('a@x.test\r\nb@x.test').audience).toBeUndefined();
  });

  it('wants the consent deadline after now and within 30 days', () => {
    const due = (at: string) => validateComposer(valid({ consentDueAt: at }), NOW).consentDueAt;
    expect(due('2026-11-25T02:00:00Z')?.key).toBe('compose.error.duePast');
    expect(due('not a date')?.key).toBe('compose.error.duePast');
    expect(due('2026-12-26T03:00:00Z')).toEqual({ key: 'compose.error.dueFar', params: { days: 30 } });
    expect(due('2026-12-01T03:00:00Z')).toBeUndefined();
  });
});

describe('putting a refusal of the server on its field', () => {
  it('maps the codes of the sharing feature to their field', () => {
    expect(serverErrors(new ApiError(422, 'shares.unknown_user', ''))).toEqual({
      audience: { key: 'compose.error.server', params: { code: 'shares.unknown_user' } },
    });
    expect(serverErrors(new ApiError(422, 'shares.empty_after_redaction', ''))).toHaveProperty('terms');
  });

  it('maps schema paths, with slashes or dots, and leaves the rest to the form', () => {
    const error = new ApiError(400, 'request.validation_failed', '', [
      { path: 'body/content/title', message: '' },
      { path: 'content.indicators.3.value', message: '' },
      { path: '/body/somethingElse', message: '' },
    ]);
    expect(Object.keys(serverErrors(error)).sort()).toEqual(['indicators', 'title']);
  });

  it('puts nothing on a field for what is not a refusal of the API', () => {
    expect(serverErrors(new Error('network'))).toEqual({});
    expect(serverErrors(new ApiError(409, 'consent.terms_changed', ''))).toEqual({});
  });
});
