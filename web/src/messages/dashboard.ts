// Messages of the center dashboard and the review queue. Japanese is the reference; English has exactly the
// same keys.

export const ja = {
  'nav.dashboard': 'ダッシュボード',
  'nav.review': '確認待ち',
  'dashboard.heading': 'ダッシュボード',
  'review.heading': '確認待ちの報告',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'nav.dashboard': 'Dashboard',
  'nav.review': 'Awaiting review',
  'dashboard.heading': 'Dashboard',
  'review.heading': 'Reports awaiting review',
};
