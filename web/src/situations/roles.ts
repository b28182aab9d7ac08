import type { Me } from '../api.js';
import type { Lang } from '../i18n.js';
import type { Level, Situation } from './situations.api.js';

// Who does what on a situation, mirroring the server's rules (the server decides; this only hides dead ends).

/** Declares, changes the level, stands down, writes notes and decisions: the center's coordinators. */
export const coordinates = (me: Me) => me.org.kind === 'center' && me.role === 'center-coordinator';

/** Sees the board: the center's content roles, and a ministry (its own body and its agencies in scope). */
export const seesBoard = (me: Me) =>
  (me.org.kind === 'center' && (me.role === 'center-analyst' || me.role === 'center-coordinator')) ||
  (me.org.kind === 'ministry' && (me.role === 'reporter' || me.role === 'security-officer'));

/** Whether my body is asked and has not answered this open situation yet. */
export const awaitsMyAnswer = (s: Situation) => s.open && s.myBody.inScope && s.myBody.answer === null;

/** A level by id in the reader's language; an id the configuration no longer knows is shown as it is. */
export function levelName(levels: readonly Level[] | null, id: string, lang: Lang): string {
  const found = levels?.find((l) => l.id === id);
  return found ? found[lang] : id;
}

/** The rank of a level in the configured order (0 the lowest), for its colour. */
export function levelRank(levels: readonly Level[] | null, id: string): number {
  const index = levels?.findIndex((l) => l.id === id) ?? -1;
  return index < 0 ? 0 : Math.min(index, 2);
}
