import { useEffect, useRef, useState } from 'react';
import { useLang } from '../lang.js';
import type { NewToken } from './admin.api.js';

/**
 * The secret of a token just issued, shown this once: the server keeps only its hash. The keyboard is taken to
 * it so that nobody misses it; closing it forgets the secret.
 */
export function TokenSecret({ token, onClose }: { token: NewToken; onClose: () => void }) {
  const { t } = useLang();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      // Clipboard access can be refused (permissions, plain http): the field can still be selected by hand.
      setCopied('no');
    }
  }

  return (
    <section aria-labelledby="token-secret-heading" className="card secret">
      <h2 id="token-secret-heading" ref={heading} tabIndex={-1}>
        {t('tokens.secretHeading', { name: token.name })}
      </h2>
      <p className="warning" id="token-secret-warning">
        <strong>{t('tokens.secretWarning')}</strong>
      </p>
      <label htmlFor="token-secret">{t('tokens.secretLabel')}</label>
      <div className="secret-row">
        <input
          id="token-secret"
          className="mono"
          readOnly
          value={token.token}
          aria-describedby="token-secret-warning"
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" onClick={copy}>
          {t('tokens.copy')}
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes' ? t('tokens.copied') : copied === 'no' ? t('tokens.copyFailed') : ''}
      </p>
      <button type="button" className="primary" onClick={onClose}>
        {t('tokens.secretDone')}
      </button>
    </section>
  );
}
