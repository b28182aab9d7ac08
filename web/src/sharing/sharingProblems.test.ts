import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.js';
import { translator } from '../i18n.js';
import { decisionProblem } from './sharingProblems.js';

const t = translator('ja');
const decided = new ApiError(409, 'consent.already_decided', '');

describe('a refused consent answer in plain words', () => {
  it('says why the request is closed when nobody here answered it', () => {
    expect(decisionProblem(t, new ApiError(409, 'consent.superseded', ''))).toBe(
      t('consent.said.superseded'),
    );
    expect(decisionProblem(t, new ApiError(409, 'shares.withdrawn', ''))).toBe(t('consent.said.withdrawn'));
    expect(decisionProblem(t, new ApiError(409, 'consent.expired', ''))).toBe(
      t('share.problem.consent.expired'),
    );
  });

  it('says it was answered already otherwise', () => {
    expect(decisionProblem(t, decided)).toBe(t('share.problem.consent.already_decided'));
  });

  it('names the looser terms', () => {
    const looser = new ApiError(422, 'consent.looser_terms', '', [{ path: 'audience', message: '' }]);
    expect(decisionProblem(t, looser)).toBe('依頼より緩い条件は指定できません（audience）。');
  });
});
