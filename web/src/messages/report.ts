// Messages of the quick report form. Japanese is the reference; English has exactly the same keys.

export const ja = {
  'report.heading': '速報の提出',
  'report.intro': '現時点で分かっていることだけで構いません。詳細は続報で追加できます。',
  'report.title': '件名',
  'report.summary': '概要',
  'report.detectedAt': '検知日時',
  'report.optional': '任意の項目（深刻度・分類・TLP）',
  'report.severity': '深刻度',
  'report.category': '分類（RSIT）',
  'report.tlp': 'TLP（共有範囲）',
  'report.unset': '（未設定）',
  'report.submit': '速報を提出',
  'report.submitting': '提出中…',
  'report.filed': '速報を提出しました。',
  'report.notAllowed': 'このロールでは速報を提出できません。',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'report.heading': 'File a quick report',
  'report.intro': 'Report what you know now; you can add details in updates.',
  'report.title': 'Title',
  'report.summary': 'Summary',
  'report.detectedAt': 'Detected at',
  'report.optional': 'Optional (severity, category, TLP)',
  'report.severity': 'Severity',
  'report.category': 'Category (RSIT)',
  'report.tlp': 'TLP (sharing)',
  'report.unset': '(not set)',
  'report.submit': 'Submit quick report',
  'report.submitting': 'Submitting…',
  'report.filed': 'Quick report filed.',
  'report.notAllowed': 'Your role does not file reports.',
};
