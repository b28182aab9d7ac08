import { useLang } from '../lang.js';
import type { Route } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { CampaignList } from './CampaignList.js';
import { CampaignPage } from './CampaignPage.js';
import { CheckList } from './CheckList.js';
import { CheckPage } from './CheckPage.js';
import '../admin/admin.css';
import './campaigns.css';

/** Verification campaigns and communication checks, one lazily loaded part of the app. */
export function CampaignsScreen({ route, ...props }: ScreenProps & { route: Route }) {
  const { t } = useLang();
  const { me } = props;
  const refused = <p className="error">{t('common.notAllowed')}</p>;
  switch (route.name) {
    case 'campaigns':
      return offers.campaigns(me) ? <CampaignList {...props} /> : refused;
    case 'campaign':
      return offers.campaigns(me) ? <CampaignPage key={route.id} id={route.id} {...props} /> : refused;
    case 'checks':
      return offers.checks(me) ? <CheckList {...props} /> : refused;
    case 'check':
      return offers.checks(me) ? <CheckPage key={route.id} id={route.id} {...props} /> : refused;
    default:
      return null;
  }
}
