import { describe, expect, it } from 'vitest';
import { JP_GOVERNMENT } from '../../src/features/incidents/taxonomy.js';
import { dictionaries, en, ja } from './i18n.js';

// One word per concept in the Japanese text: a reader who meets 重大度 on one screen and 深刻度 on the next
// wonders whether they are two things. Each banned word names the one the app uses instead.
const BANNED: Record<string, string> = {
  重大度: '深刻度',
  重要度: '深刻度',
  インシデント: '事案',
  最終報告: '確報',
  第一報: '速報',
  漏洩: '漏えい',
  改竄: '改ざん',
  ユーザー: '利用者',
  ユーザ: '利用者',
  電子メール: 'メール',
  Eメール: 'メール',
  所管省庁: '所管府省庁',
};

describe('Japanese terms', () => {
  it('use one word per concept: none of the banned synonyms appears in the ja messages', () => {
    const found = Object.entries(dictionaries.ja).flatMap(([key, text]) =>
      Object.keys(BANNED)
        .filter((word) => text.includes(word))
        .map((word) => `${key}: ${word} → ${BANNED[word]}`),
    );
    expect(found).toEqual([]);
  });

  it('name the Japanese government categories as the taxonomy profile does, in both languages', () => {
    for (const c of JP_GOVERNMENT) {
      expect(ja[`report.category.${c.code}` as keyof typeof ja]).toBe(c.nameJa);
      expect(en[`report.category.${c.code}` as keyof typeof en]).toBe(c.nameEn);
    }
  });
});
