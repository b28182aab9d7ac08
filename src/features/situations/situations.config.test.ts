import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { DEFAULT_LEVELS, levelsOf } from './situations.config.js';

// RENRAKU_SITUATION_LEVELS: the defaults when unset, a JSON list of levels when set, a clear refusal otherwise.

describe('posture levels of situations', () => {
  it('are 注意, 警戒, 非常 by default', () => {
    expect(levelsOf(loadConfig({}))).toEqual(DEFAULT_LEVELS);
  });

  it('are read from the environment as JSON, in order', () => {
    const levels = [
      { id: 'low', ja: '低', en: 'Low', rollCallMinutes: 480, ackMinutes: 120 },
      { id: 'high', ja: '高', en: 'High', rollCallMinutes: 30, ackMinutes: 10 },
    ];
    expect(levelsOf(loadConfig({ RENRAKU_SITUATION_LEVELS: JSON.stringify(levels) }))).toEqual(levels);
  });

  it('refuse what is not a list of well-formed levels, naming the variable', () => {
    const level = { id: 'a', ja: 'あ', en: 'A', rollCallMinutes: 60, ackMinutes: 15 };
    for (const raw of [
      'not json',
      '{}',
      '[]',
      JSON.stringify([{ ...level, id: 'Bad Id' }]),
      JSON.stringify([{ ...level, ja: '' }]),
      JSON.stringify([{ ...level, en: 'two\nlines' }]),
      JSON.stringify([{ ...level, rollCallMinutes: 0 }]),
      JSON.stringify([{ ...level, ackMinutes: 1.5 }]),
      JSON.stringify([level, level]),
      JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ ...level, id: `l${i}` }))),
    ])
      expect(() => loadConfig({ RENRAKU_SITUATION_LEVELS: raw }), raw).toThrow(/RENRAKU_SITUATION_LEVELS/);
  });
});
