import { useLang } from '../lang.js';
import { SecretOnce } from '../ui/SecretOnce.js';
import type { NewToken } from './admin.api.js';

/** The secret of a token just issued, shown this once: the server keeps only its hash. Closing it forgets it. */
export function TokenSecret({ token, onClose }: { token: NewToken; onClose: () => void }) {
  const { t } = useLang();
  return (
    <SecretOnce
      id="token-secret"
      secret={token.token}
      onClose={onClose}
      texts={{
        heading: t('tokens.secretHeading', { name: token.name }),
        warning: t('tokens.secretWarning'),
        label: t('tokens.secretLabel'),
        copy: t('tokens.copy'),
        copied: t('tokens.copied'),
        copyFailed: t('tokens.copyFailed'),
        done: t('tokens.secretDone'),
      }}
    />
  );
}
