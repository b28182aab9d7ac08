import { useEffect, useRef } from 'react';
import { useLang } from '../lang.js';

/**
 * Recovery codes just made, shown this once because the server keeps only their hashes. The keyboard is taken
 * to them so that nobody misses them; the user says when they are kept.
 */
export function RecoveryCodes({ codes, onKept }: { codes: string[]; onKept: () => void }) {
  const { t } = useLang();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="recovery-codes-heading" className="card secret recovery-codes">
      <h2 id="recovery-codes-heading" ref={heading} tabIndex={-1}>
        {t('security.codes.shownOnce')}
      </h2>
      <p className="warning" id="recovery-codes-warning">
        <strong>{t('security.codes.warning')}</strong>
      </p>
      <ol
        className="codes mono"
        aria-label={t('security.codes.listLabel')}
        aria-describedby="recovery-codes-warning"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <button type="button" className="primary" onClick={onKept}>
        {t('security.codes.kept')}
      </button>
    </section>
  );
}
