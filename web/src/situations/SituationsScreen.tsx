import { useLang } from '../lang.js';
import type { Route } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { coordinates } from './roles.js';
import { SituationList } from './SituationList.js';
import { SituationNew } from './SituationNew.js';
import { SituationPage } from './SituationPage.js';
import '../admin/admin.css';
import '../sharing/sharing.css';
import './situations.css';

/** Large-scale situations (事態): the list, the declaration, one situation. One lazily loaded part of the app. */
export function SituationsScreen({ route, ...props }: ScreenProps & { route: Route }) {
  const { t } = useLang();
  const { me } = props;
  const refused = <p className="error">{t('common.notAllowed')}</p>;
  switch (route.name) {
    case 'situations':
      return offers.situations(me) ? <SituationList {...props} /> : refused;
    case 'situationNew':
      return coordinates(me) ? <SituationNew {...props} /> : refused;
    case 'situation':
      return offers.situations(me) ? <SituationPage key={route.id} id={route.id} {...props} /> : refused;
    default:
      return null;
  }
}
