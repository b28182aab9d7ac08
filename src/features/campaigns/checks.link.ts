import type { DatabaseHandle } from '../../platform/db/database.js';
import type { Api } from '../../platform/http/api.js';
import { oneTimeLinkRoutes } from '../../platform/http/one-time-link.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import type { CampaignDeps } from './campaigns.deps.js';
import { TokenParams } from './campaigns.schemas.js';
import type { TargetRow } from './checks.repository.js';
import { acknowledgeByLink, targetOfToken } from './checks.usecases.js';

const TEXT = {
  ja: {
    title: '連絡訓練 受領の確認',
    ask: '連絡訓練のテストメッセージを受け取ったことを確認します。下のボタンを押すまで、確認は記録されません。',
    button: '受領を確認する',
    done: '受領を確認しました。ご協力ありがとうございます。',
    used: 'このリンクは使用済みです。このテストメッセージはすでに確認されています。',
    unknown: 'このリンクは無効です。',
    org: '機関',
  },
  en: {
    title: 'Communication check: acknowledge',
    ask: 'Confirm that you received the test message of a communication check. Nothing is recorded until you press the button below.',
    button: 'Acknowledge',
    done: 'Acknowledged. Thank you.',
    used: 'This link has been used: the test message is acknowledged already.',
    unknown: 'This link is not valid.',
    org: 'Body',
  },
} as const;

/** What the acknowledgment link of a test message uses. */
export interface CheckAckLinkDeps {
  handle: DatabaseHandle;
  campaignDeps: CampaignDeps;
}

/** The one-time acknowledgment link of a communication check's test message. */
export function checkAckLinkRoutes(app: Api, { handle, campaignDeps: deps }: CheckAckLinkDeps): void {
  oneTimeLinkRoutes<TargetRow>(app, handle, {
    path: '/api/v1/communication-checks/ack/:token',
    tag: 'communication checks',
    operations: {
      page: 'showCommunicationCheckAckPage',
      acknowledge: 'acknowledgeCommunicationCheckByLink',
    },
    params: TokenParams,
    text: TEXT,
    find: targetOfToken,
    localeOf: (t) => (t.locale === 'en' ? 'en' : 'ja'),
    isUsed: (t) => t.acknowledged_at !== null,
    async facts(t, locale) {
      const org = await orgsDirectory.byId(handle.db, t.org_id);
      return [[TEXT[locale].org, org ? (locale === 'ja' ? org.name_ja : org.name_en) : '']];
    },
    acknowledge: (unit, t) => acknowledgeByLink(unit, deps, t),
    usedCode: 'communication_checks.already_acknowledged',
  });
}
