import type { Say } from '../admin/Status.js';
import { orgName } from '../format.js';
import type { Change } from './changes.api.js';

/** What to say when a change was asked of a body rather than made: who will confirm it. */
export const askedSay =
  (change: Change): Say =>
  (t, lang) =>
    change.confirmBy === 'second-admin'
      ? t('changes.askedSecondAdmin')
      : t('changes.asked', { org: orgName(change.org, lang) });
