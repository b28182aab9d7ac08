import * as admin from './admin/admin.messages.js';
import * as annual from './annual/annual.messages.js';
import * as campaigns from './campaigns/campaigns.messages.js';
import * as changes from './changes/changes.messages.js';
import * as common from './common.messages.js';
import * as contacts from './contacts/contacts.messages.js';
import * as notifications from './contacts/notifications.messages.js';
import * as correlation from './correlation/correlation.messages.js';
import * as dashboard from './dashboard/dashboard.messages.js';
import * as deadlines from './deadlines/deadlines.messages.js';
import * as exercises from './exercises/exercises.messages.js';
import * as exreport from './exercises/report.messages.js';
import * as attachments from './incidents/attachments.messages.js';
import * as incident from './incidents/incident.messages.js';
import * as incidents from './incidents/incidents.messages.js';
import * as indicators from './indicators/indicators.messages.js';
import * as marks from './marks/marks.messages.js';
import * as notices from './notices/notices.messages.js';
import * as policies from './policies/policies.messages.js';
import * as report from './report/report.messages.js';
import * as security from './security/security.messages.js';
import * as exchange from './sharing/exchange.messages.js';
import * as sharing from './sharing/sharing.messages.js';
import * as situations from './situations/situations.messages.js';
import * as warninglists from './warninglists/warninglists.messages.js';

// Every string the web app shows, one dictionary per language, kept beside the screens of each part of the app
// (`<part>/<part>.messages.ts`). Japanese is the reference; English must have exactly the same keys and the same
// {placeholders} (i18n.test.ts checks both ways, and that no key is defined by two parts).

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The messages of each part of the app, as written; merged below. */
export const parts = {
  common,
  report,
  incidents,
  incident,
  attachments,
  dashboard,
  admin,
  sharing,
  contacts,
  campaigns,
  changes,
  security,
  notifications,
  situations,
  marks,
  exreport,
  exercises,
  indicators,
  correlation,
  exchange,
  warninglists,
  deadlines,
  notices,
  policies,
  annual,
} as const;

export const ja = {
  ...common.ja,
  ...report.ja,
  ...incidents.ja,
  ...incident.ja,
  ...attachments.ja,
  ...dashboard.ja,
  ...admin.ja,
  ...sharing.ja,
  ...contacts.ja,
  ...campaigns.ja,
  ...changes.ja,
  ...security.ja,
  ...notifications.ja,
  ...situations.ja,
  ...marks.ja,
  ...exreport.ja,
  ...exercises.ja,
  ...indicators.ja,
  ...correlation.ja,
  ...exchange.ja,
  ...warninglists.ja,
  ...deadlines.ja,
  ...notices.ja,
  ...policies.ja,
  ...annual.ja,
} as const;

export type MessageKey = keyof typeof ja;
export type Dictionary = Record<MessageKey, string>;

export const en: Dictionary = {
  ...common.en,
  ...report.en,
  ...incidents.en,
  ...incident.en,
  ...attachments.en,
  ...dashboard.en,
  ...admin.en,
  ...sharing.en,
  ...contacts.en,
  ...campaigns.en,
  ...changes.en,
  ...security.en,
  ...notifications.en,
  ...situations.en,
  ...marks.en,
  ...exreport.en,
  ...exercises.en,
  ...indicators.en,
  ...correlation.en,
  ...exchange.en,
  ...warninglists.en,
  ...deadlines.en,
  ...notices.en,
  ...policies.en,
  ...annual.en,
};

export const dictionaries: Record<Lang, Dictionary> = { ja, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A translator for one language; `{name}` placeholders are replaced by params. */
export function translator(lang: Lang): Translate {
  const dictionary = dictionaries[lang];
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

/** Whether a string from outside (a role, an event type) has a message of its own. */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(ja, key);

export const LANG_STORAGE_KEY = 'renraku.lang';

export const isLang = (value: unknown): value is Lang => value === 'ja' || value === 'en';
