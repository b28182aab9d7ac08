// Messages of an incident's attachments. Japanese is the reference; English has exactly the same keys.

export const ja = {
  'attachments.heading': '添付ファイル',
  'attachments.none': '添付ファイルはありません。',
  'attachments.meta': '{size}・第{seq}報・{org}・{at}',
  'attachments.file': '添付するファイル',
  'attachments.hint':
    '最新の報告に添付されます。ファイルは閲覧できる機関だけがダウンロードでき、ブラウザで開かれることはありません。マルウェア検体はパスワード付きの圧縮ファイルにしてください。',
  'attachments.attach': '添付する',
  'attachments.sending': '送信中…',
  'attachments.chooseFirst': 'ファイルを選んでください。',
  'attachments.added': '「{name}」を添付しました。',
  'attachments.too_large': 'ファイルが大きすぎます。',
  'attachments.incident_full': 'この事案の添付ファイルの合計が上限を超えます。',
  'attachments.empty': 'ファイルが空です。',
  'attachments.ofShare': '添付ファイル',
  // The audit log names these actions and subjects (the admin part's list names the others).
  'audit.action.attachment.upload': '添付ファイルの追加',
  'audit.action.attachment.list': '添付ファイル一覧の閲覧',
  'audit.action.attachment.download': '添付ファイルのダウンロード',
  'audit.action.attachment.withdraw': '添付ファイルの取り下げ',
  'audit.subject.attachment': '添付ファイル',
  'attachments.choose': '共有する添付ファイル',
  'attachments.chooseHint':
    '選んだファイルだけが同意依頼で報告元に示され、同意の後に受信者がダウンロードできます。',
  'attachments.noneToChoose': '情報源の事案に添付ファイルはありません。',
  'attachments.invalid_name':
    'ファイル名に使えない文字（/ \\ .. 制御文字・方向制御文字など）が含まれているか、長すぎます。名前を変えてください。',
};

export const en: typeof ja = {
  'attachments.heading': 'Attachments',
  'attachments.none': 'No attachments.',
  'attachments.meta': '{size} · report {seq} · {org} · {at}',
  'attachments.file': 'File to attach',
  'attachments.hint':
    'It is attached to the latest report. Only bodies that may read the incident can download it, and browsers never open it in the page. Put malware samples in a password-protected archive.',
  'attachments.attach': 'Attach',
  'attachments.sending': 'Sending…',
  'attachments.chooseFirst': 'Choose a file first.',
  'attachments.added': '“{name}” was attached.',
  'attachments.too_large': 'The file is too large.',
  'attachments.incident_full': "The incident's attachments would exceed their total limit.",
  'attachments.empty': 'The file is empty.',
  'attachments.ofShare': 'Attachments',
  'audit.action.attachment.upload': 'Attachment added',
  'audit.action.attachment.list': 'Attachments listed',
  'audit.action.attachment.download': 'Attachment downloaded',
  'audit.action.attachment.withdraw': 'Attachment withdrawn',
  'audit.subject.attachment': 'Attachment',
  'attachments.choose': 'Attachments to share',
  'attachments.chooseHint':
    'Only the files chosen are shown to the reporting body in the consent request, and recipients can download them once it approves.',
  'attachments.noneToChoose': 'The source incidents have no attachments.',
  'attachments.invalid_name':
    'The file name has characters that are not allowed (/ \\ .. control or direction characters) or is too long. Rename it.',
};
