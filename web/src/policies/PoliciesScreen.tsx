import { useLang } from '../lang.js';
import type { Route } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { CoverageScreen } from './CoverageScreen.js';
import { RegisterPage } from './RegisterPage.js';
import { RequestsPage } from './RequestsPage.js';
import '../admin/admin.css';
import '../campaigns/campaigns.css';

/** The policy clause register, its requests and coverage: one lazily loaded part of the app. */
export function PoliciesScreen({ route, ...props }: ScreenProps & { route: Route }) {
  const { t } = useLang();
  if (!offers.policies(props.me)) return <p className="error">{t('common.notAllowed')}</p>;
  switch (route.name) {
    case 'policies':
      return <CoverageScreen {...props} />;
    case 'policyRegister':
      return <RegisterPage key={route.id} slug={route.id} {...props} />;
    case 'policyRequests':
      return <RequestsPage {...props} />;
    default:
      return null;
  }
}
