import type { Me } from '../api.js';
import { formatMinutes } from '../format.js';
import type { Lang, Translate } from '../i18n.js';

// Who does what here, mirroring the server's access rules (runCampaigns, runCampaignFor): the server decides,
// this only hides dead ends.

/** Starts campaigns and checks: the center's coordinators, a ministry's security officer. */
export const runsCampaigns = (me: Me) =>
  (me.org.kind === 'center' && me.role === 'center-coordinator') ||
  (me.org.kind === 'ministry' && me.role === 'security-officer');

/** The bodies a runner may include: the center any other body, a ministry its agencies. */
export function askable<O extends { slug: string; parent: string | null }>(me: Me, orgs: readonly O[]): O[] {
  if (me.org.kind === 'center') return orgs.filter((o) => o.slug !== me.org.slug);
  return orgs.filter((o) => o.parent === me.org.slug);
}

/** A time to acknowledge: seconds under a minute, else minutes and hours. */
export function formatSeconds(seconds: number, t: Translate, lang: Lang): string {
  if (seconds < 60) return t('checks.seconds', { n: Math.round(seconds) });
  return formatMinutes(seconds / 60, lang);
}

/** The fiscal years offered by the picker: the current one and the four before it. */
export const recentFiscalYears = (current: number) => Array.from({ length: 5 }, (_, i) => current - i);
