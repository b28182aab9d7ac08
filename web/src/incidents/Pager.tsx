import { useLang } from '../lang.js';
import { PAGE_SIZES } from './ListView.js';

/**
 * Previous and next page, where the list stands, and how many incidents a page holds. The buttons stay
 * focusable at either end (aria-disabled) so that focus is never dropped on the page.
 */
export function Pager({
  pageNumber,
  size,
  shown,
  total,
  hasNext,
  onPrevious,
  onNext,
  onSize,
}: {
  pageNumber: number;
  size: number;
  shown: number;
  total: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onSize: (size: number) => void;
}) {
  const { t } = useLang();
  const hasPrevious = pageNumber > 1;
  const pages = Math.max(pageNumber, Math.ceil(total / size));
  const first = (pageNumber - 1) * size + 1;
  const sizes: readonly number[] = PAGE_SIZES.includes(size as (typeof PAGE_SIZES)[number])
    ? PAGE_SIZES
    : [...PAGE_SIZES, size].sort((a, b) => a - b);
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button
        type="button"
        aria-disabled={!hasPrevious}
        onClick={() => {
          if (hasPrevious) onPrevious();
        }}
      >
        <span aria-hidden="true">← </span>
        {t('pager.previous')}
      </button>
      <p className="pager-where">
        <span>{t('pager.page', { page: pageNumber, pages })}</span>
        {shown > 0 && (
          <span className="muted">{t('pager.range', { from: first, to: first + shown - 1, total })}</span>
        )}
      </p>
      <button
        type="button"
        aria-disabled={!hasNext}
        onClick={() => {
          if (hasNext) onNext();
        }}
      >
        {t('pager.next')}
        <span aria-hidden="true"> →</span>
      </button>
      <span className="pager-size">
        <label htmlFor="pager-size">{t('pager.size')}</label>
        <select id="pager-size" value={size} onChange={(e) => onSize(Number(e.target.value))}>
          {sizes.map((n) => (
            <option key={n} value={n}>
              {t('pager.sizeOption', { n })}
            </option>
          ))}
        </select>
      </span>
    </nav>
  );
}
