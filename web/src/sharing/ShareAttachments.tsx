import { formatSize } from '../incidents/attachments.api.js';
import { useLang } from '../lang.js';
import type { ShareAttachment } from './sharing.api.js';

/**
 * The files a share carries, as the consent request shows them and the recipients get them: each a link that
 * downloads the file (the server never lets the browser show it), with its size and SHA-256; a file its body
 * has withdrawn since is named, struck through, without a link (its bytes are gone).
 */
export function ShareAttachments({
  attachments,
  idPrefix,
}: {
  attachments?: ShareAttachment[];
  idPrefix: string;
}) {
  const { t, lang } = useLang();
  if (!attachments || attachments.length === 0) return null;
  const locale = lang === 'ja' ? 'ja-JP' : 'en-GB';
  return (
    <section aria-labelledby={`${idPrefix}-attachments`} className="attachments">
      <h3 id={`${idPrefix}-attachments`}>{t('attachments.ofShare')}</h3>
      <ul className="attachment-list">
        {attachments.map((a) => (
          <li key={a.id} className={a.withdrawn ? 'withdrawn' : undefined}>
            {a.withdrawn ? (
              <del className="text">{a.fileName}</del>
            ) : (
              <a href={a.downloadUrl} download={a.fileName} className="text">
                {a.fileName}
              </a>
            )}{' '}
            <span className="muted">
              {formatSize(a.size, locale)}
              {a.withdrawn ? `・${t('attachments.withdrawnShared')}` : ''}
            </span>
            <br />
            <span className="sha256">
              SHA-256 <code>{a.sha256}</code>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
