import { useQuery } from '@tanstack/react-query';
import { useLang } from '../lang.js';
import { levelName, levelRank } from './roles.js';
import { situationQueries } from './situations.api.js';

/** The posture level as a word on its colour (never colour alone): 注意 / 警戒 / 非常. */
export function LevelBadge({ level }: { level: string }) {
  const { t, lang } = useLang();
  const levels = useQuery(situationQueries.levels()).data ?? null;
  return (
    <span className={`badge level level-${levelRank(levels, level)}`}>
      {t('situations.levelIs', { level: levelName(levels, level, lang) })}
    </span>
  );
}
