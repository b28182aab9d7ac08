import type { KindWords } from './notifications.render.types.js';

/** The notices of an incident's way up the chain, and the center's word that nobody acknowledged an alert. */
export const INCIDENT_KINDS = {
  'incident.reported': {
    label: { ja: '速報', en: 'Quick report' },
    sentence: {
      ja: (o) => `${o} からインシデントの速報がありました。`,
      en: (o) => `${o} filed a quick report of an incident.`,
    },
  },
  'report.added': {
    label: { ja: '続報', en: 'Follow-up report' },
    sentence: {
      ja: (o) => `${o} がインシデントの報告を追加しました。`,
      en: (o) => `${o} added a report to an incident.`,
    },
  },
  'delivery.received': {
    label: { ja: 'センター受領', en: 'Received at the center' },
    sentence: {
      ja: (o) => `${o} のインシデントがセンターに届きました。`,
      en: (o) => `An incident of ${o} has reached the center.`,
    },
  },
  'delivery.awaiting_review': {
    label: { ja: '審査待ち', en: 'Awaiting review' },
    sentence: {
      ja: (o) => `${o} のインシデント報告が貴機関の審査を待っています。`,
      en: (o) => `An incident report of ${o} awaits your review.`,
    },
  },
  'message.posted': {
    label: { ja: '事案への質問・回答', en: 'Message on an incident' },
    sentence: {
      ja: (o) => `${o} のインシデントにメッセージが投稿されました。`,
      en: (o) => `A message was posted on an incident of ${o}.`,
    },
  },
  'incident.sent_back': {
    label: { ja: '差し戻し', en: 'Sent back' },
    sentence: {
      ja: (o) => `${o} のインシデント報告が所管府省庁から差し戻されました。追記を求められています。`,
      en: (o) => `The incident report of ${o} was sent back by its supervising ministry, asking for more.`,
    },
  },
  'correlation.found': {
    label: { ja: '相関', en: 'Correlation' },
    sentence: {
      ja: (o) => `${o} のインシデントが、閲覧できる他のインシデントと同じ指標を共有しています。`,
      en: (o) => `An incident of ${o} shares indicators with another incident you can read.`,
    },
  },
  'deadline.due_soon': {
    label: { ja: '報告期限の接近', en: 'Reporting deadline approaching' },
    sentence: {
      ja: (o) => `${o} のインシデントの報告期限が近づいています。`,
      en: (o) => `A reporting deadline of an incident of ${o} is about to run out.`,
    },
  },
  'deadline.overdue': {
    label: { ja: '報告期限超過', en: 'Reporting deadline passed' },
    sentence: {
      ja: (o) => `${o} のインシデントの報告期限を過ぎました。報告を行ってください。`,
      en: (o) => `A reporting deadline of an incident of ${o} has passed. Please report.`,
    },
  },
  'accountability.due_soon': {
    label: { ja: '公表要否の判断期限の接近', en: 'Public-explanation decision due soon' },
    sentence: {
      ja: (o) => `${o} のインシデントについて、国民への説明（公表）の要否の判断期限が近づいています。`,
      en: (o) => `The decision whether to explain an incident of ${o} to the public is due soon.`,
    },
  },
  'accountability.overdue': {
    label: { ja: '公表要否の判断期限超過', en: 'Public-explanation decision overdue' },
    sentence: {
      ja: (o) =>
        `${o} のインシデントについて、国民への説明（公表）の要否の判断期限を過ぎました。判断を記録してください。`,
      en: (o) =>
        `The decision whether to explain an incident of ${o} to the public is overdue. Please record it.`,
    },
  },
  'alert.unacknowledged': {
    label: { ja: '未確認の連絡', en: 'Unacknowledged alert' },
    sentence: {
      ja: (o) => `${o} の連絡先が通知を確認していません。連絡体制に従って連絡を取ってください。`,
      en: (o) =>
        `No contact of ${o} has acknowledged an alert. Please reach them as their contact structure says.`,
    },
  },
} satisfies Record<string, KindWords>;

export const SEVERITY: Record<string, { ja: string; en: string }> = {
  low: { ja: '低', en: 'Low' },
  medium: { ja: '中', en: 'Medium' },
  high: { ja: '高', en: 'High' },
  critical: { ja: '緊急', en: 'Critical' },
};

export const IN_REVIEW = {
  ja: (o: string) => `${o} の事案が所管府省庁の審査中です。センターへ送付されると内容を確認できます。`,
  en: (o: string) =>
    `An incident of ${o} is in its ministry's review; you will be able to read it when it is forwarded.`,
};
