import type { IncidentDetail } from '../api.js';
import { formatDateTime, orgName } from '../format.js';
import { useLang } from '../lang.js';
import { Time } from '../ui/Badges.js';

type Delivery = IncidentDetail['deliveries'][number];

/**
 * Who has the report and since when — e.g. 所管府省庁（文部科学省）受領 21:10 / センター 確認待ち（期限 22:10）.
 * The first thing a reporter sees after filing; it changes in place (and is announced) as the chain moves.
 */
export function IncidentReceipt({ detail }: { detail: IncidentDetail }) {
  const { t, lang } = useLang();
  const ministry = detail.deliveries.find((d) => d.level === 'ministry');
  const center = detail.deliveries.find((d) => d.level === 'center');
  return (
    <section className="card receipt" aria-labelledby="receipt-heading" data-testid="receipt">
      <h2 id="receipt-heading">{t('detail.receipt.heading')}</h2>
      <dl className="receipt-steps" aria-live="polite">
        <dt>{t('detail.receipt.filed')}</dt>
        <dd>
          <Time at={detail.chain.reportedAt} />
        </dd>
        {ministry && (
          <>
            <dt>{t('detail.receipt.ministry', { name: orgName(ministry.org, lang) })}</dt>
            <dd data-testid="receipt-ministry">
              <Receipt delivery={ministry} />
            </dd>
          </>
        )}
        {detail.org.kind !== 'center' && (
          <>
            <dt>{t('detail.receipt.center')}</dt>
            <dd data-testid="receipt-center">
              {center ? (
                <Receipt delivery={center} />
              ) : (
                <span className="state pending">{t('detail.receipt.notYet')}</span>
              )}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Receipt({ delivery }: { delivery: Delivery }) {
  const { t, lang } = useLang();
  if (delivery.receivedAt)
    return (
      <span className="state done">
        {t('detail.receipt.received')} <Time at={delivery.receivedAt} />
      </span>
    );
  if (delivery.reviewDueAt)
    return (
      <span className="state waiting">
        {t('detail.receipt.awaiting', { at: formatDateTime(delivery.reviewDueAt, lang) })}
      </span>
    );
  return <span className="state pending">{t('detail.receipt.notYet')}</span>;
}
