import { FiscalYearPicker, useFiscalYear } from '../campaigns/FiscalYearPicker.js';
import { formatDate, orgName } from '../format.js';
import type { MessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { type CoverageRow, policyQueries, policyRegisterPath, problemOf } from './policies.api.js';

const markOf = (r: CoverageRow): { key: MessageKey; symbol: string } =>
  r.clause && r.contactStructureConfirmedAt
    ? { key: 'policies.mark.covered', symbol: '●' }
    : r.clause || r.contactStructureConfirmedAt
      ? { key: 'policies.mark.partial', symbol: '◐' }
      : { key: 'policies.mark.none', symbol: '○' };

/** The fiscal year's coverage, as a table and on the organization tree (the center: the whole government). */
export function CoverageScreen({ navigate }: ScreenProps) {
  const { t, lang } = useLang();
  const [year, setYear] = useFiscalYear();
  const { data, error } = useLoaded(policyQueries.coverage(year));
  const rows = data?.items ?? [];
  const link = (r: CoverageRow) => {
    const path = policyRegisterPath(r.org.slug);
    return (
      <a href={path} onClick={followLink(navigate, path)}>
        {orgName(r.org, lang)}
      </a>
    );
  };
  const mark = (r: CoverageRow) => {
    const m = markOf(r);
    return (
      <span className={`coverage-mark ${m.key.split('.').pop()}`}>
        <span aria-hidden="true">{m.symbol}</span> {t(m.key)}
      </span>
    );
  };
  const roots = rows.filter((r) => !r.org.parentSlug || !rows.some((p) => p.org.slug === r.org.parentSlug));
  return (
    <section aria-labelledby="coverage-heading" className="admin policies">
      <h1 id="coverage-heading">{t('policies.coverage.heading')}</h1>
      <p className="muted">{t('policies.coverage.intro')}</p>
      <p>
        <a href="/policies/requests" onClick={followLink(navigate, '/policies/requests')}>
          {t('policies.links.requests')}
        </a>
      </p>
      <FiscalYearPicker year={year} onChoose={setYear} />
      {error ? <p className="error">{t('policies.error', { detail: problemOf(error) })}</p> : null}
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <div className="table-scroll">
            <table className="coverage-table">
              <caption>{t('policies.coverage.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('policies.col.body')}</th>
                  <th scope="col">{t('policies.col.clause')}</th>
                  <th scope="col">{t('policies.col.contacts')}</th>
                  <th scope="col">{t('policies.col.requests')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.org.slug}>
                    <th scope="row">{link(r)}</th>
                    <td>
                      {r.clause
                        ? t('policies.clause.version', {
                            name: r.clause.documentName,
                            version: r.clause.documentVersion,
                            at: formatDate(r.clause.confirmedAt, lang),
                          })
                        : t('policies.none')}
                    </td>
                    <td>
                      {r.contactStructureConfirmedAt
                        ? formatDate(r.contactStructureConfirmedAt, lang)
                        : t('policies.none')}
                    </td>
                    <td>
                      {t('policies.requests.count', { open: r.requestsOpen, overdue: r.requestsOverdue })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <section aria-labelledby="coverage-tree-heading">
            <h2 id="coverage-tree-heading">{t('policies.coverage.tree')}</h2>
            <ul className="orgs-tree coverage-tree">
              {roots.map((r) => (
                <li key={r.org.slug}>
                  {link(r)} {mark(r)}
                  {rows.some((c) => c.org.parentSlug === r.org.slug) && (
                    <ul>
                      {rows
                        .filter((c) => c.org.parentSlug === r.org.slug)
                        .map((c) => (
                          <li key={c.org.slug}>
                            {link(c)} {mark(c)}
                          </li>
                        ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}
