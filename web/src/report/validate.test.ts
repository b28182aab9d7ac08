import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.js';
import { parseDraft } from './draft.js';
import { emptyQuick, optionalBody, parseCount, quickBody } from './fields.js';
import { backoff, isTransient } from './sendQueue.js';
import { serverFieldErrors, validateQuick } from './validate.js';

const now = new Date('2026-11-25T12:00:00Z');
/** A datetime-local value in the test's own time zone. */
const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const tenMinutesAgo = local(new Date(now.getTime() - 10 * 60_000));
const filled = () => ({
  ...emptyQuick(now),
  title: 'ランサムウェア感染',
  summary: 'ファイルサーバーが暗号化された。',
  detectedAt: tenMinutesAgo,
});

describe('quick report validation (mirrors the server)', () => {
  it('asks for the three required fields, in form order', () => {
    const errors = validateQuick({ ...emptyQuick(now), detectedAt: '' }, now);
    expect(errors.map((e) => [e.field, e.message])).toEqual([
      ['title', 'report.error.required'],
      ['summary', 'report.error.required'],
      ['detectedAt', 'report.error.required'],
    ]);
  });

  it('counts characters as the server does (code points) and refuses blank text', () => {
    const title = '𠮷'.repeat(200);
    expect(validateQuick({ ...filled(), title }, now)).toEqual([]);
    expect(validateQuick({ ...filled(), title: `${title}x` }, now)[0]).toMatchObject({
      field: 'title',
      message: 'report.error.tooLong',
      params: { max: 200, length: 201 },
    });
    expect(validateQuick({ ...filled(), summary: ' \n ' }, now)[0]?.field).toBe('summary');
  });

  it('allows a detection time a few minutes ahead (clock drift), not more', () => {
    expect(
      validateQuick({ ...filled(), detectedAt: local(new Date(now.getTime() + 4 * 60_000)) }, now),
    ).toEqual([]);
    expect(
      validateQuick({ ...filled(), detectedAt: local(new Date(now.getTime() + 10 * 60_000)) }, now)[0]
        ?.message,
    ).toBe('report.error.future');
    expect(validateQuick({ ...filled(), detectedAt: 'yesterday' }, now)[0]?.message).toBe(
      'report.error.date',
    );
  });

  it('refuses a detection time before 2000, as the server does', () => {
    for (const d of ['0001-01-01T00:00', '1970-01-01T00:00', '1999-12-31T00:00'])
      expect(validateQuick({ ...filled(), detectedAt: d }, now)[0], d).toMatchObject({
        field: 'detectedAt',
        message: 'report.error.tooEarly',
      });
    expect(validateQuick({ ...filled(), detectedAt: '2000-01-02T00:00' }, now)).toEqual([]);
    expect(serverFieldErrors('incidents.detected_too_early', [])).toEqual([
      { field: 'detectedAt', message: 'report.error.tooEarly' },
    ]);
  });

  it('checks affected systems and persons like the schema', () => {
    const many = Array.from({ length: 101 }, (_, i) => `host-${i}`).join('\n');
    expect(validateQuick({ ...filled(), affectedSystems: many }, now)[0]?.message).toBe(
      'report.error.tooMany',
    );
    const long = `ok\n${'x'.repeat(201)}`;
    expect(validateQuick({ ...filled(), affectedSystems: long }, now)[0]?.params).toEqual({
      max: 200,
      line: 2,
    });
    expect(validateQuick({ ...filled(), personalData: 'yes', approxPersons: '約百' }, now)[0]?.field).toBe(
      'approxPersons',
    );
  });

  it('maps server refusals to fields', () => {
    expect(
      serverFieldErrors('request.validation_failed', [
        'body/title',
        'body/impact/personalData/approxPersons',
      ]),
    ).toEqual([
      { field: 'title', message: 'report.error.server' },
      { field: 'approxPersons', message: 'report.error.server' },
    ]);
    expect(serverFieldErrors('incidents.detected_in_future', [])[0]?.field).toBe('detectedAt');
    expect(serverFieldErrors('incidents.unknown_category', [])[0]?.field).toBe('category');
  });
});

describe('the body sent', () => {
  it('holds only what was set, cleaned of control characters', () => {
    const body = quickBody({ ...filled(), title: ' 件名\u0007 ', severity: 'high', tlp: 'TLP:RED' });
    expect(body).toEqual({
      title: '件名',
      summary: 'ファイルサーバーが暗号化された。',
      detectedAt: new Date(tenMinutesAgo).toISOString(),
      severity: 'high',
      tlp: 'TLP:RED',
    });
  });

  it('sends impact as known facts only, with persons typed any way a person types them', () => {
    expect(parseCount('１,２００')).toBe(1200);
    expect(
      optionalBody({
        ...emptyQuick(now),
        personalData: 'yes',
        approxPersons: '1,200',
        informationLeaked: true,
        affectedSystems: 'fs01\n\n  web01  \n',
      }),
    ).toEqual({
      affectedSystems: ['fs01', 'web01'],
      impact: { personalData: { involved: true, approxPersons: 1200 }, informationLeaked: true },
    });
    expect(optionalBody({ ...emptyQuick(now), personalData: 'no', approxPersons: '5' })).toEqual({
      impact: { personalData: { involved: false } },
    });
  });
});

describe('stored drafts', () => {
  it('reads back what was stored, and nothing malformed', () => {
    const draft = {
      values: filled(),
      key: 'k1',
      savedAt: now.toISOString(),
      sending: null,
      sendingExercise: null,
    };
    expect(parseDraft(JSON.stringify(draft))).toEqual(draft);
    // A report being sent in an exercise keeps its exercise: resumed, it is filed there and nowhere else.
    const inExercise = { ...draft, sending: { title: 't', summary: 's' }, sendingExercise: 'x-1' };
    expect(parseDraft(JSON.stringify(inExercise))?.sendingExercise).toBe('x-1');
    expect(parseDraft(JSON.stringify({ ...draft, sendingExercise: 7 }))?.sendingExercise).toBeNull();
    expect(parseDraft('{')).toBeNull();
    expect(parseDraft(JSON.stringify({ values: {}, key: '' }))).toBeNull();
    const odd = parseDraft(JSON.stringify({ values: { title: 3, personalData: 'maybe' }, key: 'k' }));
    expect(odd?.values.title).toBe('');
    expect(odd?.values.personalData).toBe('');
  });
});

describe('sending', () => {
  it('retries what may pass later, never a refusal', () => {
    expect(isTransient(new ApiError(503, 'server.unavailable', ''))).toBe(true);
    expect(isTransient(new ApiError(429, 'request.rate_limited', ''))).toBe(true);
    expect(isTransient(new ApiError(400, 'request.validation_failed', ''))).toBe(false);
    expect(isTransient(new ApiError(403, 'auth.forbidden', ''))).toBe(false);
    expect([0, 1, 2, 10].map(backoff)).toEqual([1_000, 2_000, 5_000, 60_000]);
  });
});
