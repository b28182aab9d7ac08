import { useQuery } from '@tanstack/react-query';
import { awaitsMyAnswer } from './roles.js';
import { situationQueries } from './situations.api.js';

/**
 * How many open situations wait for my body's roll-call answer, for the menu's badge; null when the role is
 * not offered situations. Live events of situations make the list stale (liveQueries.ts).
 */
export function useAwaitingAnswers(offered: boolean): number | null {
  const { data } = useQuery({ ...situationQueries.list('open'), enabled: offered });
  if (!offered || !data) return null;
  return data.items.filter(awaitsMyAnswer).length;
}
