import { useEffect, useRef, useState } from 'react';
import { useLang } from '../lang.js';

/**
 * A body's webhook signing key just made, shown this once: the receivers need it to check signatures, and the
 * server never shows it again. The keyboard is taken to it so that nobody misses it.
 */
export function WebhookSecret({ secret, onClose }: { secret: string; onClose: () => void }) {
  const { t } = useLang();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // Clipboard access can be refused (permissions, plain http): the field can still be selected by hand.
      setCopied('no');
    }
  }

  return (
    <section aria-labelledby="webhook-secret-heading" className="card secret">
      <h2 id="webhook-secret-heading" ref={heading} tabIndex={-1}>
        {t('contacts.secretHeading')}
      </h2>
      <p className="warning" id="webhook-secret-warning">
        <strong>{t('contacts.secretWarning')}</strong>
      </p>
      <label htmlFor="webhook-secret">{t('contacts.secretLabel')}</label>
      <div className="secret-row">
        <input
          id="webhook-secret"
          className="mono"
          readOnly
          value={secret}
          aria-describedby="webhook-secret-warning"
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" onClick={copy}>
          {t('contacts.secretCopy')}
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes'
          ? t('contacts.secretCopied')
          : copied === 'no'
            ? t('contacts.secretCopyFailed')
            : ''}
      </p>
      <button type="button" className="primary" onClick={onClose}>
        {t('contacts.secretDone')}
      </button>
    </section>
  );
}
