import { describe, expect, it } from 'vitest';
import { translator } from '../i18n.js';
import { phaseOf, timeLeft } from './ReviewClock.js';

describe('the review countdown', () => {
  const due = '2026-11-25T03:30:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('turns to a warning under 5 minutes and to overdue at the deadline', () => {
    expect(phaseOf(due, at('2026-11-25T03:25:00.000Z'))).toBe('waiting');
    expect(phaseOf(due, at('2026-11-25T03:25:00.001Z'))).toBe('soon');
    expect(phaseOf(due, at('2026-11-25T03:30:00.000Z'))).toBe('overdue');
  });

  it('says the time left to the second in both languages', () => {
    const ja = translator('ja');
    const en = translator('en');
    expect(timeLeft((42 * 60 + 15) * 1000 + 999, ja)).toBe('42分15秒');
    expect(timeLeft((3600 + 2 * 60 + 3) * 1000, ja)).toBe('1時間2分3秒');
    expect(timeLeft(9_000, ja)).toBe('9秒');
    expect(timeLeft((42 * 60 + 15) * 1000, en)).toBe('42 min 15 s');
    expect(ja('queue.remaining', { time: timeLeft(2_535_000, ja) })).toBe('残り 42分15秒');
  });
});
