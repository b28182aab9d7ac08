import { useState } from 'react';
import { useResource } from '../admin/useResource.js';
import { useLang } from '../lang.js';
import { useQueryState } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { ShareList } from './ShareList.js';
import { type Box, type Share, sharingApi } from './sharing.api.js';
import { problemText } from './sharingProblems.js';

/**
 * 共有: the shares the user's body received, newest first, unread ones marked and withdrawn ones shown as
 * notices; and for those who manage shares (the center, a consenting body) a second tab with every share they
 * manage and its status. Loads again in place on every sharing event.
 */
export function SharesInbox({ me, feed, navigate }: ScreenProps) {
  const { t } = useLang();
  const [params, setParams] = useQueryState();
  const manages = offers.compose(me) || me.role === 'security-officer';
  const box: Box = manages && params.get('box') === 'managed' ? 'managed' : 'inbox';
  const lastShareEvent =
    feed.find((e) => e.type.startsWith('share.') || e.type.startsWith('consent.'))?.seq ?? 0;
  const [more, setMore] = useState<{ cursor: string; items: Share[] }[]>([]);
  const first = useResource((signal) => sharingApi.shares(box, null, signal), [box, lastShareEvent]);
  const fresh = new Set(feed.filter((e) => e.type === 'share.published').map((e) => e.shareId ?? ''));

  const choose = (next: Box) => {
    setMore([]);
    const query = new URLSearchParams(params);
    if (next === 'managed') query.set('box', 'managed');
    else query.delete('box');
    setParams(query, false);
  };
  const nextCursor = more.at(-1)?.cursor ?? first.data?.nextCursor ?? null;
  async function loadMore() {
    if (!nextCursor) return;
    const page = await sharingApi.shares(box, nextCursor);
    setMore((m) => [...m, { cursor: page.nextCursor ?? '', items: page.items }]);
  }
  const items = first.data ? [...first.data.items, ...more.flatMap((m) => m.items)] : null;

  return (
    <section aria-labelledby="shares-heading" className="sharing shares-inbox">
      <div className="section-head">
        <h1 id="shares-heading">{t('shares.heading')}</h1>
        <p className="muted" role="status">
          {items ? t('shares.count', { n: items.length }) : ''}
        </p>
      </div>
      <p className="muted">{t(box === 'managed' ? 'shares.managedIntro' : 'shares.inboxIntro')}</p>
      {manages && (
        <fieldset className="box-switch">
          <legend className="visually-hidden">{t('shares.boxLabel')}</legend>
          {(['inbox', 'managed'] as const).map((b) => (
            <button key={b} type="button" aria-pressed={box === b} onClick={() => choose(b)}>
              {t(
                b === 'inbox'
                  ? 'shares.box.inbox'
                  : offers.compose(me)
                    ? 'shares.box.managed'
                    : 'shares.box.consented',
              )}
            </button>
          ))}
        </fieldset>
      )}
      {first.error ? (
        <p className="error" role="alert">
          {problemText(t, first.error)}
        </p>
      ) : !items ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="card empty">{t(box === 'managed' ? 'shares.emptyManaged' : 'shares.empty')}</p>
      ) : (
        <ShareList items={items} box={box} fresh={fresh} navigate={navigate} />
      )}
      {nextCursor && (
        <button type="button" onClick={loadMore}>
          {t('shares.more')}
        </button>
      )}
    </section>
  );
}
