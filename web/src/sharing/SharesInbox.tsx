import { useEffect, useMemo, useState } from 'react';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { useQueryState } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { activeFilters, type InboxView, readInboxView, writeInboxView } from './inbox.view.js';
import { ShareFilters } from './ShareFilters.js';
import { ShareImport } from './ShareImport.js';
import { ShareList } from './ShareList.js';
import { type Box, type Share, sharingApi, sharingQueries } from './sharing.api.js';
import { problemText } from './sharingProblems.js';

interface Page {
  items: Share[];
  nextCursor: string | null;
}

/**
 * 共有: the shares the user's body received, newest first, unread ones marked and withdrawn ones shown as
 * notices; and for those who manage shares (the center, a consenting body) a second tab with every share they
 * manage and its status. Filtered and searched as the address says; loads again in place on every sharing
 * event; "more" adds the next page below.
 */
export function SharesInbox({ me, feed, navigate }: ScreenProps) {
  const { t } = useLang();
  const [params, setParams] = useQueryState();
  const manages = offers.compose(me) || me.role === 'security-officer';
  const view = useMemo(() => readInboxView(params, manages), [params, manages]);
  const query = writeInboxView(view).toString();
  // Sharing and consent events make ['shares'] stale (liveQueries.ts): the first page loads again in place.
  const first = useLoaded(sharingQueries.shares(view, query));
  // Pages added by "more" belong to the view they were loaded for; another view starts from its first page.
  const [more, setMore] = useState<{ query: string; pages: Page[] }>({ query, pages: [] });
  const [moreError, setMoreError] = useState<unknown>(null);
  // The first share of a page added by "more" takes the focus once shown: the button may go with the last
  // page, and reading goes on there.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (focusId) document.getElementById(`share-link-${focusId}`)?.focus();
  }, [focusId]);
  const pages = more.query === query ? more.pages : [];
  const fresh = new Set(feed.filter((e) => e.type === 'share.published').map((e) => e.shareId ?? ''));

  const show = (next: InboxView) => {
    setMoreError(null);
    setParams(writeInboxView(next), false);
  };
  const nextCursor = pages.length > 0 ? (pages.at(-1)?.nextCursor ?? null) : (first.data?.nextCursor ?? null);
  async function loadMore() {
    if (!nextCursor) return;
    try {
      const page = await sharingApi.shares(view, nextCursor);
      setMore({ query, pages: [...pages, page] });
      setMoreError(null);
      setFocusId(page.items[0]?.id ?? null);
    } catch (e) {
      setMoreError(e);
    }
  }
  // A live reload of the first page may bring a share that a later page holds too: each is listed once.
  const items = first.data ? unique([first.data, ...pages].flatMap((p) => p.items)) : null;
  const filtered = activeFilters(view) > 0;

  return (
    <section aria-labelledby="shares-heading" className="sharing shares-inbox">
      <div className="section-head">
        <h1 id="shares-heading">{t('shares.heading')}</h1>
        <p className="muted" role="status">
          {items ? t('shares.count', { n: items.length }) : ''}
        </p>
      </div>
      <p className="muted">{t(view.box === 'managed' ? 'shares.managedIntro' : 'shares.inboxIntro')}</p>
      {manages && (
        <fieldset className="box-switch">
          <legend className="visually-hidden">{t('shares.boxLabel')}</legend>
          {(['inbox', 'managed'] as const).map((b) => (
            <button
              key={b}
              type="button"
              aria-pressed={view.box === b}
              onClick={() => show(readInboxView(writeInboxView({ ...view, box: b }), manages))}
            >
              {t(boxLabel(b, offers.compose(me)))}
            </button>
          ))}
        </fieldset>
      )}
      {offers.compose(me) && <ShareImport navigate={navigate} />}
      <ShareFilters view={view} onChange={show} />
      {first.error ? (
        <p className="error" role="alert">
          {problemText(t, first.error)}
        </p>
      ) : !items ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="card empty">
          {t(
            filtered
              ? 'shares.emptyFiltered'
              : view.box === 'managed'
                ? 'shares.emptyManaged'
                : 'shares.empty',
          )}
        </p>
      ) : (
        <ShareList items={items} box={view.box} fresh={fresh} navigate={navigate} />
      )}
      {moreError !== null && (
        <p className="error" role="alert">
          {problemText(t, moreError)}
        </p>
      )}
      {items && nextCursor && (
        <button type="button" onClick={loadMore}>
          {t('shares.more')}
        </button>
      )}
    </section>
  );
}

const boxLabel = (box: Box, center: boolean): MessageKey =>
  box === 'inbox' ? 'shares.box.inbox' : center ? 'shares.box.managed' : 'shares.box.consented';

function unique(shares: Share[]): Share[] {
  const seen = new Set<string>();
  return shares.filter((s) => !seen.has(s.id) && seen.add(s.id));
}
