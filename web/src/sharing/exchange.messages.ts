// Messages of exchange with other tools: imports of STIX bundles and MISP events into draft shares and into a
// report form's indicators, and the MISP download. Japanese is the reference; English has the same keys.

export const ja = {
  'share.status.draft': '下書き（未送信）',
  'share.misp': 'MISP イベントでダウンロード',
  'exchange.import.heading': 'ファイルから下書きを作成',
  'exchange.import.intro':
    'STIX 2.1 バンドルまたは MISP イベントの JSON ファイルから共有の下書きを作ります。下書きは誰にも届きません。内容・TLP・共有先を確かめ、編集して送信してください。',
  'exchange.import.format': '形式',
  'exchange.import.format.stix': 'STIX 2.1 バンドル',
  'exchange.import.format.misp': 'MISP イベント',
  'exchange.import.file': 'ファイル（JSON）',
  'exchange.import.submit': '取り込む',
  'exchange.import.busy': '取り込み中…',
  'exchange.import.noFile': 'ファイルを選んでください。',
  'exchange.import.created': '下書きを作成しました。',
  'exchange.import.existing': 'このファイルは取り込み済みです。前回の下書きはこちらです。',
  'exchange.import.open': '下書き「{title}」を開く',
  'exchange.import.tlpAssumed':
    'ファイルに TLP の表示がなかったため TLP:AMBER としました。送信前に確かめてください。',
  'exchange.import.notImported': '取り込まなかったもの（{n}件）',
  'exchange.import.invalid': 'ファイルが形式に合わないため、何も取り込みませんでした（不備 {n}件）。',
  'exchange.import.failed': '取り込めませんでした（{code}）。',
  'exchange.import.where': '{n}番目',
  'exchange.reason.unsupported_pattern': '単純な比較（= と OR・AND）以外を含むパターンは読み取りません。',
  'exchange.reason.unsupported_pattern_type': 'STIX 以外のパターン言語は読み取りません。',
  'exchange.reason.unsupported_path': 'この種類の観測値は指標として扱いません。',
  'exchange.reason.unsupported_type': 'この属性の種類は指標として扱いません。',
  'exchange.reason.not_read': 'この種類のオブジェクトは取り込みません。',
  'exchange.reason.revoked': '作成元が取り消しています。',
  'exchange.reason.deleted': 'MISP で削除されています。',
  'exchange.reason.not_carried_by_shares': '共有の指標としては受け付けられない値です。',
  'exchange.reason.too_many': '共有に載せられる数を超えています。',
  'exchange.reason.truncated': '長すぎるため切り詰めました。',
  'indicators.stixImport': 'STIX バンドルから読み取る',
  'indicators.stixImportHint':
    'STIX 2.1 バンドル（JSON ファイル）の指標を読み取ります。保存はされません。確かめてから一覧に追加してください。',
  'indicators.stixNotImported': '読み取らなかったもの',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'share.status.draft': 'Draft (not sent)',
  'share.misp': 'Download as a MISP event',
  'exchange.import.heading': 'Draft a share from a file',
  'exchange.import.intro':
    'Make a draft share from a STIX 2.1 bundle or a MISP event (a JSON file). Nobody receives a draft: check its content, TLP and audience, edit it and send it.',
  'exchange.import.format': 'Format',
  'exchange.import.format.stix': 'STIX 2.1 bundle',
  'exchange.import.format.misp': 'MISP event',
  'exchange.import.file': 'File (JSON)',
  'exchange.import.submit': 'Import',
  'exchange.import.busy': 'Importing…',
  'exchange.import.noFile': 'Choose a file.',
  'exchange.import.created': 'A draft was made.',
  'exchange.import.existing': 'This file was imported before. Here is its draft.',
  'exchange.import.open': 'Open the draft “{title}”',
  'exchange.import.tlpAssumed':
    'The file carried no TLP marking: the draft is TLP:AMBER. Check it before sending.',
  'exchange.import.notImported': 'Not imported ({n})',
  'exchange.import.invalid': 'The file does not fit its format: nothing was imported ({n} problems).',
  'exchange.import.failed': 'The file could not be imported ({code}).',
  'exchange.import.where': 'item {n}',
  'exchange.reason.unsupported_pattern':
    'Patterns other than simple comparisons (= with OR and AND) are not read.',
  'exchange.reason.unsupported_pattern_type': 'Pattern languages other than STIX are not read.',
  'exchange.reason.unsupported_path': 'Observables of this kind are not taken as indicators.',
  'exchange.reason.unsupported_type': 'Attributes of this type are not taken as indicators.',
  'exchange.reason.not_read': 'Objects of this type are not imported.',
  'exchange.reason.revoked': 'Revoked by its producer.',
  'exchange.reason.deleted': 'Deleted in MISP.',
  'exchange.reason.not_carried_by_shares': 'A share does not take this value as an indicator of its type.',
  'exchange.reason.too_many': 'More than a share carries.',
  'exchange.reason.truncated': 'Too long: cut.',
  'indicators.stixImport': 'Read a STIX bundle',
  'indicators.stixImportHint':
    'Reads the indicators of a STIX 2.1 bundle (a JSON file). Nothing is saved: check them, then add them to the list.',
  'indicators.stixNotImported': 'Not read',
};
