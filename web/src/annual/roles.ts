import type { Me } from '../api.js';

/** The center's analysts and coordinators draft, score, finalise and publish (the server decides; this hides). */
export const mayDraft = (me: Me) =>
  me.org.kind === 'center' && (me.role === 'center-analyst' || me.role === 'center-coordinator');

/** A ministry's security officers comment on its own section; the center's drafters on any. */
export const mayComment = (me: Me, ministrySlug: string) =>
  mayDraft(me) || (me.role === 'security-officer' && me.org.slug === ministrySlug);
