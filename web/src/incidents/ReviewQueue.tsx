import { useEffect, useMemo, useRef, useState } from 'react';
import { useLang } from '../lang.js';
import type { ScreenProps } from '../screen.js';
import type { Incident } from './incidents.api.js';
import { useDeadlineAnnouncement } from './ReviewAnnouncer.js';
import { useNow } from './ReviewClock.js';
import { byDeadline, useReviewQueue } from './ReviewData.js';
import { ReviewItem, reviewHeadingId } from './ReviewItem.js';
import { ReviewMode } from './ReviewMode.js';
import './list.css';

/**
 * A ministry's review queue: the agency reports waiting for its review before they go to the center, earliest
 * deadline first, each with a live countdown and a one-action "forward to the center". When a deadline passes
 * the server forwards the report itself, and the live event takes it out of the queue.
 */
export function ReviewQueue({ me, navigate, onIncidentsLoaded }: ScreenProps) {
  const { t } = useLang();
  const { page, error } = useReviewQueue(onIncidentsLoaded);
  const now = useNow(1000);
  const [message, setMessage] = useState('');
  // Forwarded from this screen: hidden at once, even if a load started before the forwarding still lists it.
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const heading = useRef<HTMLHeadingElement>(null);
  // After a forwarding: the item to focus next (its heading), or null for the screen's heading.
  const focusNext = useRef<Incident | null | undefined>(undefined);

  const items = useMemo(
    () => (page?.items ?? []).filter((i) => !gone.has(i.id)).sort(byDeadline),
    [page, gone],
  );
  const announcement = useDeadlineAnnouncement(items, now, t);
  // The item holding the focus: if a live reload takes it away (forwarded at its deadline or by a colleague),
  // the focus goes to the list's heading instead of falling to the top of the page.
  const focusedItem = useRef<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const id = focusedItem.current;
    // After a forwarding from this screen, `forwarded` chose where the focus goes.
    if (!id || items.some((i) => i.id === id) || focusNext.current !== undefined) return;
    focusedItem.current = null;
    if (document.activeElement === document.body || document.activeElement === null)
      listHeading.current?.focus();
  }, [items]);

  const forwarded = (incident: Incident, alreadyGone: boolean) => {
    const index = items.findIndex((i) => i.id === incident.id);
    focusNext.current = items[index + 1] ?? items[index - 1] ?? null;
    setGone((current) => new Set(current).add(incident.id));
    setMessage(t(alreadyGone ? 'queue.alreadyGone' : 'queue.forwarded', { title: incident.title }));
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once the forwarded item has left the page.
  useEffect(() => {
    const next = focusNext.current;
    if (next === undefined) return;
    focusNext.current = undefined;
    const target = next ? document.getElementById(reviewHeadingId(next)) : heading.current;
    (target ?? heading.current)?.focus();
  }, [gone]);

  const waiting = page ? Math.max(0, page.total - (page.items.length - items.length)) : 0;

  return (
    <section aria-labelledby="review-heading" className="review-queue">
      <h1 id="review-heading" tabIndex={-1} ref={heading}>
        {t('review.heading')}
      </h1>
      <p className="muted">{t('queue.intro')}</p>
      <ReviewMode me={me} navigate={navigate} />
      <p role="status" className={message ? 'notice' : 'quiet-status'}>
        {message}
      </p>
      <p aria-live="polite" className="visually-hidden" data-testid="deadline-announcement">
        {announcement}
      </p>
      <section aria-labelledby="review-items-heading">
        <h2 id="review-items-heading" tabIndex={-1} ref={listHeading}>
          {t('queue.items')}
        </h2>
        {error ? (
          <p className="error" role="alert">
            {t('common.error', { code: error.code })}
          </p>
        ) : !page ? (
          <p className="muted">{t('common.loading')}</p>
        ) : items.length === 0 ? (
          <p className="review-empty card">{t('queue.empty')}</p>
        ) : (
          <>
            <p className="muted">{t('queue.count', { n: waiting })}</p>
            <ol
              className="review-items"
              onFocus={(e) => {
                focusedItem.current = e.target.closest('li')?.dataset.id ?? null;
              }}
              onBlur={(e) => {
                if (e.relatedTarget && !e.currentTarget.contains(e.relatedTarget)) focusedItem.current = null;
              }}
            >
              {items.map((incident) => (
                <ReviewItem
                  key={incident.id}
                  incident={incident}
                  now={now}
                  navigate={navigate}
                  onForwarded={forwarded}
                />
              ))}
            </ol>
            {waiting > items.length && (
              <p className="muted">{t('queue.more', { n: waiting - items.length })}</p>
            )}
          </>
        )}
      </section>
    </section>
  );
}
