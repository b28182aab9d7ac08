import { Fragment } from 'react';
import type { IncidentDetail } from '../api.js';
import { useLang } from '../lang.js';

type Authority = IncidentDetail['policeReport'];

/**
 * What the ministries' report forms ask, as the latest report says it: response status, cause, next steps, the
 * contact person, and whether the police and the Personal Information Protection Commission were told. Rendered
 * inside the incident's facts list; a field no report gave is left out.
 */
export function IncidentFormFacts({ detail }: { detail: IncidentDetail }) {
  const { t } = useLang();
  const authority = (a: Authority) =>
    !a
      ? null
      : !a.reported
        ? t('detail.authority.notReported')
        : a.date
          ? t('detail.authority.reportedOn', { date: a.date })
          : t('detail.authority.reported');
  const texts = [
    ['detail.responseStatus', detail.responseStatus],
    ['detail.cause', detail.cause],
    ['detail.nextSteps', detail.nextSteps],
  ] as const;
  const contact = detail.contactPerson;
  const police = authority(detail.policeReport);
  const ppc = authority(detail.ppcReport);
  return (
    <>
      {texts.map(([label, value]) =>
        value ? (
          <Fragment key={label}>
            <dt>{t(label)}</dt>
            <dd className="text">{value}</dd>
          </Fragment>
        ) : null,
      )}
      {contact && (
        <>
          <dt>{t('detail.contactPerson')}</dt>
          <dd>
            <ul className="plain-list">
              <li>{contact.name}</li>
              {contact.phone && (
                <li>
                  <a href={`tel:${contact.phone.replace(/[^0-9+]/g, '')}`}>{contact.phone}</a>
                </li>
              )}
              {contact.email && (
                <li>
                  <a href={`mailto:${contact.email}`}>{contact.email}</a>
                </li>
              )}
            </ul>
          </dd>
        </>
      )}
      {police && (
        <>
          <dt>{t('detail.policeReport')}</dt>
          <dd data-testid="police-report">{police}</dd>
        </>
      )}
      {ppc && (
        <>
          <dt>{t('detail.ppcReport')}</dt>
          <dd data-testid="ppc-report">{ppc}</dd>
        </>
      )}
    </>
  );
}
