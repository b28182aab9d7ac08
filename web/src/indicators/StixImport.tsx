import { useId, useRef, useState } from 'react';
import { ApiError } from '../api.js';
import { useLang } from '../lang.js';
import { exchangeApi, type StixCandidates } from '../sharing/exchange.api.js';

/**
 * STIX バンドルから読み取る: the indicators of a STIX 2.1 bundle, read by the server (nothing is stored) and
 * handed to the form, which shows them for the reporter to choose as it does those found in pasted text.
 */
export function StixImport({
  prefix,
  onFound,
  onFailed,
}: {
  prefix: string;
  onFound: (answer: StixCandidates) => void;
  onFailed: (code: string) => void;
}) {
  const { t } = useLang();
  const hint = `${useId()}-hint`;
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  async function read() {
    const file = input.current?.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      onFound(await exchangeApi.stixIndicators(file));
      if (input.current) input.current.value = '';
    } catch (e) {
      onFailed(e instanceof ApiError ? e.code : 'network');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="indicator-stix">
      <label htmlFor={`${prefix}-indicator-stix`}>{t('indicators.stixImport')}</label>
      <p className="hint" id={hint}>
        {t('indicators.stixImportHint')}
      </p>
      <input
        id={`${prefix}-indicator-stix`}
        ref={input}
        type="file"
        accept=".json,application/json,application/stix+json"
        aria-describedby={hint}
        disabled={busy}
        onChange={() => void read()}
      />
    </div>
  );
}
