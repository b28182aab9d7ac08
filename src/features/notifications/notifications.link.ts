import type { DatabaseHandle } from '../../platform/db/database.js';
import type { Api } from '../../platform/http/api.js';
import { oneTimeLinkRoutes } from '../../platform/http/one-time-link.js';
import { contactsReads } from '../contacts/contacts.reads.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { acknowledgeByLink, notificationOfToken } from './notifications.ack.js';
import type { NotificationDeps } from './notifications.deps.js';
import { formatTime, kindLabel } from './notifications.render.js';
import type { NotificationRow } from './notifications.repository.js';
import type { NotifiedEvent } from './notifications.rules.js';
import { TokenParams } from './notifications.schemas.js';

const TEXT = {
  ja: {
    title: '受領の確認',
    ask: 'この通知を受け取ったことを確認します。下のボタンを押すまで、確認は記録されません。',
    button: '受領を確認する',
    done: '受領を確認しました。この通知の連絡はここで止まります。',
    used: 'このリンクは使用済みです。この通知はすでに確認されています。',
    unknown: 'このリンクは無効です。',
    kind: '種別',
    org: '機関',
    time: '日時',
  },
  en: {
    title: 'Acknowledge',
    ask: 'Confirm that you received this alert. Nothing is recorded until you press the button below.',
    button: 'Acknowledge',
    done: 'Acknowledged. Nobody else will be alerted about this.',
    used: 'This link has been used: the alert is acknowledged already.',
    unknown: 'This link is not valid.',
    kind: 'Kind',
    org: 'Body',
    time: 'Time',
  },
} as const;

/** What the acknowledgment link uses. */
export interface AckLinkDeps {
  handle: DatabaseHandle;
  notificationDeps: NotificationDeps;
}

/** The one-time acknowledgment link of a notification's e-mail: the page says what is acknowledged. */
export function ackLinkRoutes(app: Api, { handle, notificationDeps: deps }: AckLinkDeps): void {
  oneTimeLinkRoutes<NotificationRow>(app, handle, {
    path: '/api/v1/notifications/ack/:token',
    tag: 'notifications',
    operations: { page: 'showNotificationAckPage', acknowledge: 'acknowledgeNotificationByLink' },
    params: TokenParams,
    text: TEXT,
    find: notificationOfToken,
    localeOf: (n) => (n.locale === 'en' ? 'en' : 'ja'),
    isUsed: (n) => n.acknowledged_at !== null,
    async facts(n, locale) {
      const [orgs, contactTimeZone] = await Promise.all([
        orgsDirectory.byIds(handle.db, [n.alert_org_id]),
        contactsReads.timeZoneOf(handle.db, n.contact_id),
      ]);
      const org = orgs.get(n.alert_org_id);
      const t = TEXT[locale];
      const time = formatTime(new Date(n.created_at), {
        locale,
        timeZone: contactTimeZone || deps.timeZone,
      });
      return [
        [t.kind, kindLabel(n.event as NotifiedEvent | 'alert.unacknowledged', locale)],
        [t.org, org ? (locale === 'ja' ? org.name_ja : org.name_en) : ''],
        [t.time, time],
        ['TLP', (n.tlp ?? '').replace(/^TLP:/, '')],
      ];
    },
    acknowledge: (unit, n) => acknowledgeByLink(unit, deps, n),
    usedCode: 'notifications.already_acknowledged',
  });
}
