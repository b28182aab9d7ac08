import { useLang } from '../lang.js';
import type { Route } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { ContactStructure } from './ContactStructure.js';
import { NotificationRules } from './NotificationRules.js';
import { NotificationsInbox } from './NotificationsInbox.js';
import '../admin/admin.css';
import './contacts.css';

/** Contact structures and my notifications, one lazily loaded part of the app. */
export function ContactsScreen({ route, ...props }: ScreenProps & { route: Route }) {
  const { t } = useLang();
  const { me } = props;
  const refused = <p className="error">{t('common.notAllowed')}</p>;
  switch (route.name) {
    case 'contacts':
      return offers.contacts(me) ? <ContactStructure {...props} slug={null} /> : refused;
    case 'contactsOf':
      return offers.contacts(me) ? <ContactStructure key={route.id} {...props} slug={route.id} /> : refused;
    case 'notifications':
      return offers.notifications(me) ? <NotificationsInbox {...props} /> : refused;
    case 'notificationRules':
      return offers.contacts(me) ? <NotificationRules {...props} /> : refused;
    default:
      return null;
  }
}
