import { useEffect, useRef, useState } from 'react';

/** The words around a secret shown once, translated by the part of the app that shows it. */
export interface SecretTexts {
  heading: string;
  warning: string;
  label: string;
  copy: string;
  copied: string;
  copyFailed: string;
  done: string;
}

/**
 * A secret just made, shown this once because the server never shows it again. The keyboard is taken to it
 * so that nobody misses it; `id` names its elements (`{id}-heading`, `{id}-warning`, the field itself).
 */
export function SecretOnce({
  id,
  secret,
  texts,
  onClose,
}: {
  id: string;
  secret: string;
  texts: SecretTexts;
  onClose: () => void;
}) {
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
    <section aria-labelledby={`${id}-heading`} className="card secret">
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {texts.heading}
      </h2>
      <p className="warning" id={`${id}-warning`}>
        <strong>{texts.warning}</strong>
      </p>
      <label htmlFor={id}>{texts.label}</label>
      <div className="secret-row">
        <input
          id={id}
          className="mono"
          readOnly
          value={secret}
          aria-describedby={`${id}-warning`}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" onClick={copy}>
          {texts.copy}
        </button>
      </div>
      <p role="status" className="muted">
        {copied === 'yes' ? texts.copied : copied === 'no' ? texts.copyFailed : ''}
      </p>
      <button type="button" className="primary" onClick={onClose}>
        {texts.done}
      </button>
    </section>
  );
}
