import { useEffect, useMemo, useState } from 'react';
import { useLang } from '../lang.js';
import { useQueryState } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { AuditFilters } from './AuditFilters.js';
import { AuditTable } from './AuditTable.js';
import { AUDIT_PAGE_SIZE, type AuditEntry, adminApi } from './admin.api.js';
import { apiFilter, readFilter, writeFilter } from './auditFilter.js';
import { ChainCheck } from './ChainCheck.js';
import { problemText } from './problems.js';
import './admin.css';

interface Page {
  entries: AuditEntry[];
  /** Whether the last page came back full, so that an older one may exist. */
  more: boolean;
}

/**
 * 監査ログ (auditors and administrators): the log newest first, filtered, paged back in time with "load more",
 * exported as CSV with the same filters, and its hash chain verified on request.
 */
export function AuditLog(_props: ScreenProps) {
  const { t } = useLang();
  const [params, setParams] = useQueryState();
  const query = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string is the filter's identity.
  const values = useMemo(() => readFilter(params), [query]);
  const filter = useMemo(() => apiFilter(values), [values]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    setPage(null);
    setError(null);
    adminApi.audit(filter, null, abort.signal).then(
      (found) => setPage({ entries: found.items, more: found.items.length === AUDIT_PAGE_SIZE }),
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e);
      },
    );
    return () => abort.abort();
  }, [filter]);

  async function loadMore() {
    const last = page?.entries.at(-1);
    if (!page || !last) return;
    setLoadingMore(true);
    try {
      const found = await adminApi.audit(filter, last.id);
      setPage({ entries: [...page.entries, ...found.items], more: found.items.length === AUDIT_PAGE_SIZE });
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <section aria-labelledby="audit-heading" className="admin">
      <h1 id="audit-heading">{t('audit.heading')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <ChainCheck />
      <AuditFilters key={query} value={values} onApply={(next) => setParams(writeFilter(next), false)} />
      <section aria-labelledby="audit-entries-heading">
        <div className="section-head">
          <h2 id="audit-entries-heading">{t('audit.entries')}</h2>
          <a className="button-link" href={adminApi.auditCsvHref(filter)} download>
            {t('audit.exportCsv')}
          </a>
        </div>
        <p className="muted" aria-live="polite">
          {page && t(page.more ? 'audit.shownMore' : 'audit.shown', { n: page.entries.length })}
        </p>
        {error ? (
          <p className="error" role="alert">
            {problemText(t, error)}
          </p>
        ) : null}
        {!page ? (
          !error && <p className="muted">{t('common.loading')}</p>
        ) : page.entries.length === 0 ? (
          <p className="muted">{t('audit.empty')}</p>
        ) : (
          <>
            <AuditTable entries={page.entries} />
            {page.more ? (
              <button type="button" className="more" onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? t('common.loading') : t('audit.loadMore')}
              </button>
            ) : (
              <p className="muted">{t('audit.end')}</p>
            )}
          </>
        )}
      </section>
    </section>
  );
}
