import { useEffect, useState } from 'react';
import { ApiError } from '../api.js';
import { type Attachment, attachmentsApi, formatSize } from '../incidents/attachments.api.js';
import { useLang } from '../lang.js';
import type { SourceIncident } from './composer.values.js';

/**
 * The files of the source incidents the share may carry: none unless ticked. The consent request shows the
 * source's body exactly these, and the recipients can download exactly these once it approves.
 */
export function AttachmentChoice({
  sources,
  chosen,
  onChange,
}: {
  sources: SourceIncident[];
  chosen: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t, lang } = useLang();
  const [files, setFiles] = useState<Attachment[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const sourceIds = sources.map((s) => s.id).join(' ');
  const locale = lang === 'ja' ? 'ja-JP' : 'en-GB';

  useEffect(() => {
    const abort = new AbortController();
    const ids = sourceIds ? sourceIds.split(' ') : [];
    Promise.all(ids.map((id) => attachmentsApi.list(id, abort.signal))).then(
      (lists) => {
        // A withdrawn file has no bytes left to share (the server refuses it too).
        setFiles(lists.flatMap((l) => l.items.filter((a) => !a.withdrawn)));
        setProblem(null);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setProblem(e instanceof ApiError ? e.code : 'network');
      },
    );
    return () => abort.abort();
  }, [sourceIds]);

  // A file of a source that was taken away is no longer chosen.
  useEffect(() => {
    const kept = chosen.filter((id) => files.some((f) => f.id === id));
    if (kept.length !== chosen.length) onChange(kept);
  }, [files, chosen, onChange]);

  if (sources.length === 0) return null;
  return (
    <fieldset className="attachment-choice">
      <legend>{t('attachments.choose')}</legend>
      {problem && <p className="error">{t('common.error', { code: problem })}</p>}
      {files.length === 0 ? (
        <p className="hint">{t('attachments.noneToChoose')}</p>
      ) : (
        <>
          <p className="hint">{t('attachments.chooseHint')}</p>
          <ul className="plain-list attachment-list">
            {files.map((f) => (
              <li key={f.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={chosen.includes(f.id)}
                    onChange={(e) =>
                      onChange(e.target.checked ? [...chosen, f.id] : chosen.filter((id) => id !== f.id))
                    }
                  />{' '}
                  <span className="text">{f.fileName}</span>{' '}
                  <span className="muted">{formatSize(f.size, locale)}</span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}
