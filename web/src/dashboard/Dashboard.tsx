import { useLang } from '../lang.js';
import type { ScreenProps } from '../screen.js';

/** Placeholder: being built. */
export function Dashboard(_props: ScreenProps) {
  const { t } = useLang();
  return (
    <section aria-labelledby="screen-heading">
      <h1 id="screen-heading">{t('dashboard.heading')}</h1>
    </section>
  );
}
