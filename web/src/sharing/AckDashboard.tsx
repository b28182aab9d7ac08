import { useQueryClient } from '@tanstack/react-query';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import type { LiveEvent } from '../live.js';
import { useLoaded } from '../queries.js';
import { AckText } from './RecipientView.js';
import { RemindUnread } from './RemindUnread.js';
import { type Share, sharingQueries } from './sharing.api.js';
import { problemText } from './sharingProblems.js';

/**
 * The center's view of who has acted on a share: per recipient body, read and (advisories) mitigation applied,
 * when and by whom, with the totals. A recipient's acknowledgment arrives as a live event and shows at once.
 */
export function AckDashboard({ share }: { share: Share; feed: readonly LiveEvent[] }) {
  const { t, lang } = useLang();
  const client = useQueryClient();
  // A recipient's acknowledgment (a live event) makes ['shares'] stale: the board loads again in place.
  const board = useLoaded(sharingQueries.acknowledgments(share.id));
  const reload = () =>
    void client.invalidateQueries({ queryKey: sharingQueries.acknowledgments(share.id).queryKey });
  const advisory = share.kind === 'advisory';
  const data = board.data;
  return (
    <section aria-labelledby="acks-section" className="ack-board">
      <h2 id="acks-section">{t('share.acks.heading')}</h2>
      {board.error ? (
        <p className="error">{problemText(t, board.error)}</p>
      ) : !data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <div className="ack-summary" role="status">
            <Progress
              id="acks-read"
              label={t('share.acks.read', { n: data.read, of: data.recipients })}
              value={data.read}
              max={data.recipients}
            />
            {advisory && (
              <Progress
                id="acks-mitigated"
                label={t('share.acks.mitigated', { n: data.mitigated, of: data.recipients })}
                value={data.mitigated}
                max={data.recipients}
              />
            )}
          </div>
          <table className="sharing-table acks">
            <thead>
              <tr>
                <th scope="col">{t('share.acks.org')}</th>
                <th scope="col">{t('share.ack.read')}</th>
                {advisory && <th scope="col">{t('share.ack.mitigation')}</th>}
              </tr>
            </thead>
            <tbody>
              {data.items.map((row) => (
                <tr key={row.org.slug}>
                  <th scope="row" data-label={t('share.acks.org')}>
                    {orgName(row.org, lang)}
                  </th>
                  <td data-label={t('share.ack.read')}>
                    <AckText ack={row.readAt ? { at: row.readAt, by: row.readBy ?? '' } : null} />
                  </td>
                  {advisory && (
                    <td data-label={t('share.ack.mitigation')}>
                      <AckText
                        ack={
                          row.mitigationAppliedAt
                            ? { at: row.mitigationAppliedAt, by: row.mitigationAppliedBy ?? '' }
                            : null
                        }
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {share.status === 'published' && (
            <RemindUnread
              shareId={share.id}
              unread={data.recipients - data.read}
              lastReminder={data.lastReminder}
              onReminded={reload}
            />
          )}
        </>
      )}
    </section>
  );
}

/** A count as words and as a bar; the bar is named by the words (the native element, no inline width). */
function Progress({ id, label, value, max }: { id: string; label: string; value: number; max: number }) {
  return (
    <div className="progress-row">
      <label htmlFor={id}>{label}</label>
      <progress id={id} value={value} max={Math.max(max, 1)} />
    </div>
  );
}
