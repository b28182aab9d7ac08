import type { Setting } from '../../platform/config.js';

/** A posture level (態勢): its names, and how long bodies have to answer the roll-call and acknowledge. */
export interface PostureLevel {
  id: string;
  ja: string;
  en: string;
  rollCallMinutes: number;
  ackMinutes: number;
}

/** 注意 / 警戒 / 非常, in ascending order. */
export const DEFAULT_LEVELS: readonly PostureLevel[] = [
  { id: 'caution', ja: '注意', en: 'Caution', rollCallMinutes: 240, ackMinutes: 60 },
  { id: 'alert', ja: '警戒', en: 'Alert', rollCallMinutes: 120, ackMinutes: 30 },
  { id: 'emergency', ja: '非常', en: 'Emergency', rollCallMinutes: 60, ackMinutes: 15 },
];

const ENV = 'RENRAKU_SITUATION_LEVELS';
const ID = /^[a-z][a-z0-9-]{0,31}$/;
const NAME = /^[^\r\n]*\S[^\r\n]*$/;

const minutes = (value: unknown, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;

/** The levels of RENRAKU_SITUATION_LEVELS: a JSON array in ascending order; refuses anything else. */
export function parseLevels(raw: string): PostureLevel[] {
  const bad = (why: string) => new Error(`${ENV} ${why}`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw bad('must be a JSON array of levels');
  }
  if (!Array.isArray(value) || value.length < 1 || value.length > 10)
    throw bad('must be a JSON array of 1 to 10 levels');
  const levels = value.map((l: unknown, i): PostureLevel => {
    const o = (l ?? {}) as Record<string, unknown>;
    if (typeof o.id !== 'string' || !ID.test(o.id))
      throw bad(`level ${i + 1}: id must be lower-case letters, digits or hyphens`);
    for (const key of ['ja', 'en'] as const) {
      const name = o[key];
      if (typeof name !== 'string' || !NAME.test(name) || name.length > 40)
        throw bad(`level ${i + 1}: ${key} must be one line of up to 40 characters`);
    }
    if (!minutes(o.rollCallMinutes, 10_080)) throw bad(`level ${i + 1}: rollCallMinutes must be 1 to 10080`);
    if (!minutes(o.ackMinutes, 1_440)) throw bad(`level ${i + 1}: ackMinutes must be 1 to 1440`);
    return {
      id: o.id,
      ja: o.ja as string,
      en: o.en as string,
      rollCallMinutes: o.rollCallMinutes as number,
      ackMinutes: o.ackMinutes as number,
    };
  });
  if (new Set(levels.map((l) => l.id)).size !== levels.length) throw bad('has two levels with one id');
  return levels;
}

/** Large-scale situations' settings: the posture levels a coordinator declares at. */
export const situationsSettings = {
  situationLevels: {
    env: ENV,
    doc: 'Posture levels of large-scale situations, in ascending order, as JSON: [{"id":"caution","ja":"注意","en":"Caution","rollCallMinutes":240,"ackMinutes":60}, …]; unset: 注意 (240/60 minutes), 警戒 (120/30), 非常 (60/15).',
    default: undefined,
    parse: parseLevels,
  } as Setting<PostureLevel[] | undefined>,
} satisfies Record<string, Setting<unknown>>;

/** The configured levels (the defaults when none are). */
export const levelsOf = (config: { situationLevels?: PostureLevel[] | undefined }): readonly PostureLevel[] =>
  config.situationLevels ?? DEFAULT_LEVELS;
