import { useLang } from '../lang.js';
import type { Route } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { ConsentDetail } from './ConsentDetail.js';
import { ConsentInbox } from './ConsentInbox.js';
import { ShareComposer } from './ShareComposer.js';
import { SharePage } from './SharePage.js';
import { SharesInbox } from './SharesInbox.js';
import './sharing.css';

/** The screens of sharing, one lazily loaded part of the app; the menu offers only what the role may use. */
export function SharingScreen({ route, ...props }: ScreenProps & { route: Route }) {
  const { t } = useLang();
  const { me } = props;
  const refused = <p className="error">{t('common.notAllowed')}</p>;
  switch (route.name) {
    case 'shares':
      return offers.shares(me) ? <SharesInbox {...props} /> : refused;
    case 'shareNew':
      return offers.compose(me) ? <ShareComposer {...props} editId={null} /> : refused;
    case 'shareEdit':
      return offers.compose(me) ? <ShareComposer key={route.id} {...props} editId={route.id} /> : refused;
    case 'share':
      return offers.shares(me) ? <SharePage key={route.id} {...props} id={route.id} /> : refused;
    case 'consents':
      return offers.consents(me) ? <ConsentInbox {...props} /> : refused;
    case 'consent':
      return offers.consents(me) ? <ConsentDetail key={route.id} {...props} id={route.id} /> : refused;
    default:
      return null;
  }
}
