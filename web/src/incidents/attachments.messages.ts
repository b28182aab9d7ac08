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
  'attachments.withdraw': '「{name}」を取り下げる',
  'attachments.withdrawTitle': '添付ファイルを取り下げる',
  'attachments.withdrawWhat':
    '「{name}」の内容を消去します。閲覧できるすべての機関と、このファイルを含む共有の受信者が、ダウンロードできなくなります。ファイル名・大きさ・SHA-256 と理由は記録に残ります。元に戻せません。',
  'attachments.withdrawReason': '取り下げる理由',
  'attachments.withdrawConfirm': '取り下げる',
  'attachments.reasonRequired': '理由を入力してください。',
  'attachments.withdrawnNote': '取り下げ済み（{at}）：{reason}',
  'attachments.withdrew': '「{name}」を取り下げました。',
  'attachments.withdrawnShared': '取り下げ済み',
  'attachments.problem.attachments.already_withdrawn': 'このファイルはすでに取り下げられています。',
  'attachments.problem.text.empty': '理由を入力してください。',
  'attachments.problem.text.too_long': '理由は500文字までです。',
  'attachments.problem.text.invisible_characters': '理由に方向制御文字が含まれています。',
  'attachments.problem.auth.forbidden':
    'ファイルを取り下げられるのは、添付した人と事案の機関のセキュリティ担当者です。',
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
  'attachments.withdraw': 'Withdraw “{name}”',
  'attachments.withdrawTitle': 'Withdraw an attachment',
  'attachments.withdrawWhat':
    'The content of “{name}” will be erased. No body that reads the incident, and no recipient of a share carrying it, can download it any more. Its name, size, SHA-256 and the reason stay on the record. This cannot be undone.',
  'attachments.withdrawReason': 'Reason for withdrawing',
  'attachments.withdrawConfirm': 'Withdraw',
  'attachments.reasonRequired': 'Enter a reason.',
  'attachments.withdrawnNote': 'Withdrawn ({at}): {reason}',
  'attachments.withdrew': '“{name}” was withdrawn.',
  'attachments.withdrawnShared': 'Withdrawn',
  'attachments.problem.attachments.already_withdrawn': 'This file has already been withdrawn.',
  'attachments.problem.text.empty': 'Enter a reason.',
  'attachments.problem.text.too_long': 'The reason holds at most 500 characters.',
  'attachments.problem.text.invisible_characters': 'The reason contains direction control characters.',
  'attachments.problem.auth.forbidden':
    "Only the person who attached the file or a security officer of the incident's body can withdraw it.",
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
