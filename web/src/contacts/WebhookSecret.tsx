import { useLang } from '../lang.js';
import { SecretOnce } from '../ui/SecretOnce.js';

/** A body's webhook signing key just made, shown this once: the receivers need it to check signatures. */
export function WebhookSecret({ secret, onClose }: { secret: string; onClose: () => void }) {
  const { t } = useLang();
  return (
    <SecretOnce
      id="webhook-secret"
      secret={secret}
      onClose={onClose}
      texts={{
        heading: t('contacts.secretHeading'),
        warning: t('contacts.secretWarning'),
        label: t('contacts.secretLabel'),
        copy: t('contacts.secretCopy'),
        copied: t('contacts.secretCopied'),
        copyFailed: t('contacts.secretCopyFailed'),
        done: t('contacts.secretDone'),
      }}
    />
  );
}
