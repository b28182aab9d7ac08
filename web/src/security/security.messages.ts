// Messages of logging in after the password (second factor, enrolment) and of セキュリティ設定: the
// authenticator app, recovery codes, passkeys, password, sessions. Japanese is the reference; English has exactly
// the same keys.

export const ja = {
  'nav.security': 'セキュリティ設定',

  'login.passkey': 'パスキーでログイン',
  'login.passkeyFailed':
    'パスキーでログインできませんでした。もう一度お試しいただくか、パスワードでログインしてください。',
  'login.throttled': '試行回数が多すぎます。{seconds}秒後に、もう一度お試しください。',
  'login.or': 'または',
  'login.cancel': 'ログインをやめる',
  'login.step.secondFactor': '二要素認証',
  'login.step.secondFactorIntro':
    'パスワードを確認しました。続けて、登録済みの二つ目の要素で本人確認をしてください。',
  'login.totp.label': '認証アプリの6桁のコード',
  'login.totp.hint':
    '認証アプリ（Google Authenticator、Microsoft Authenticator など）に表示されている数字です。',
  'login.recovery.label': '回復コード',
  'login.recovery.hint':
    '二要素認証の設定時に保存した回復コードのひとつ（例: abcd-efgh-jkmn-pqrs）。各コードは一度だけ使えます。',
  'login.useRecovery': '回復コードを使う',
  'login.useTotp': '認証アプリのコードを使う',
  'login.usePasskey': 'パスキーまたはセキュリティキーを使う',
  'login.verify': '確認する',
  'login.verifying': '確認中…',
  'login.secondFactorFailed': 'コードまたはパスキーを確認できませんでした。',
  'login.codeRequired': 'コードを入力してください。',
  'login.step.enrol': '二要素認証の設定',
  'login.step.enrolIntro':
    'あなたのロールでは二要素認証が必要です。続けるには、認証アプリまたはパスキーを登録してください。登録するまで、他の操作はできません。',
  'login.continue': '続ける',

  'security.heading': 'セキュリティ設定',
  'security.intro':
    'ログインの方法（パスワードと二要素認証）、ログイン中のセッション、APIトークンを管理します。',
  'security.required': 'あなたのロールでは二要素認証が必須です。最後の一つは削除できません。',
  'security.optional': '二要素認証を設定すると、ログインのたびにパスワードに加えて確認します。',
  'security.loadFailed': '読み込めませんでした（{code}）。',

  'security.totp.heading': '認証アプリ',
  'security.totp.on': '設定済み（{at}）',
  'security.totp.off': '未設定',
  'security.totp.start': '認証アプリを設定する',
  'security.totp.scan': '認証アプリでこのQRコードを読み取るか、下の設定キーを入力してください。',
  'security.totp.qrAlt': '認証アプリに読み込ませるQRコード',
  'security.totp.secret': '設定キー（手入力用）',
  'security.totp.code': '認証アプリに表示された6桁のコード',
  'security.totp.confirm': '確認して有効にする',
  'security.totp.done': '認証アプリを設定しました。',
  'security.totp.remove': '認証アプリを削除',
  'security.totp.removeQuestion': '認証アプリを二要素認証から外しますか？',
  'security.totp.removed': '認証アプリを削除しました。',
  'security.totp.cancel': 'やめる',

  'security.codes.heading': '回復コード',
  'security.codes.left': '未使用の回復コード: {n} 個',
  'security.codes.none': '回復コードはありません。二要素認証を設定すると発行されます。',
  'security.codes.regenerate': '回復コードを再発行',
  'security.codes.regenerateQuestion':
    '新しい回復コードを発行すると、これまでのコードはすべて使えなくなります。発行しますか？',
  'security.codes.shownOnce': '回復コード（この画面でのみ表示）',
  'security.codes.warning':
    'これらのコードは一度しか表示されません。安全な場所に保管してください。認証アプリやパスキーが使えないとき、各コードで一度ずつログインできます。',
  'security.codes.listLabel': '回復コードの一覧',
  'security.codes.kept': '保管しました',
  'security.codes.issued': '新しい回復コードを発行しました。',

  'security.passkeys.heading': 'パスキー・セキュリティキー',
  'security.passkeys.none': 'パスキーは登録されていません。',
  'security.passkeys.name': '名前',
  'security.passkeys.nameHint': '後で見分けられる名前（例: 業務用PC、セキュリティキー1）。',
  'security.passkeys.add': 'パスキーを登録する',
  'security.passkeys.adding': '登録中…',
  'security.passkeys.added': 'パスキー「{name}」を登録しました。',
  'security.passkeys.failed': 'パスキーを登録できませんでした。もう一度お試しください。',
  'security.passkeys.created': '登録',
  'security.passkeys.lastUsed': '最終使用',
  'security.passkeys.never': '未使用',
  'security.passkeys.rename': '名前を変更',
  'security.passkeys.renameLabel': '「{name}」の新しい名前',
  'security.passkeys.save': '保存',
  'security.passkeys.renamed': '名前を変更しました。',
  'security.passkeys.remove': '削除',
  'security.passkeys.removeQuestion': 'パスキー「{name}」を削除しますか？',
  'security.passkeys.removed': 'パスキー「{name}」を削除しました。',
  'security.passkeys.unsupported': 'このブラウザはパスキーに対応していません。',

  'security.password.heading': 'パスワードの変更',
  'security.password.current': '現在のパスワード',
  'security.password.new': '新しいパスワード',
  'security.password.newHint':
    '12文字以上。メールアドレス、氏名、所属機関の名前や、よく使われる語の組み合わせは使えません。',
  'security.password.again': '新しいパスワード（確認）',
  'security.password.mismatch': '確認のパスワードが一致しません。',
  'security.password.submit': 'パスワードを変更',
  'security.password.done': 'パスワードを変更しました。他のセッションはすべて終了しました。',

  'security.sessions.heading': 'ログイン中のセッション',
  'security.sessions.listLabel': 'ログイン中のセッション',
  'security.sessions.col.device': 'ブラウザ',
  'security.sessions.col.address': 'アドレス',
  'security.sessions.col.created': 'ログイン',
  'security.sessions.col.lastSeen': '最終アクセス',
  'security.sessions.col.actions': '操作',
  'security.sessions.current': 'このセッション',
  'security.sessions.end': '終了',
  'security.sessions.endQuestion': 'このセッション（{device}）を終了しますか？',
  'security.sessions.ended': 'セッションを終了しました。',
  'security.sessions.unknownDevice': '不明なブラウザ',

  'security.tokens.heading': 'APIトークン',
  'security.tokens.intro':
    'APIトークンの発行は「APIトークン」の画面で行います。ここでは一覧と失効ができます。',
  'security.tokens.manage': 'APIトークンの画面へ',

  'security.problem.mfa.invalid_code':
    'コードが一致しません。認証アプリに表示されている現在のコードを入力してください。',
  'security.problem.mfa.last_factor':
    'あなたのロールでは二要素認証が必要です。別の要素を登録してから削除してください。',
  'security.problem.mfa.session_required':
    'この操作には、二要素認証を済ませたログインが必要です。一度ログアウトして、もう一度ログインしてください。',
  'security.problem.mfa.challenge_invalid': 'パスキーの要求が期限切れです。もう一度お試しください。',
  'security.problem.mfa.passkey_rejected': 'パスキーを確認できませんでした。',
  'security.problem.mfa.passkey_exists': 'このパスキーはすでに登録されています。',
  'security.problem.users.current_password_wrong': '現在のパスワードが正しくありません。',
  'security.problem.users.password_unchanged': '新しいパスワードは現在のものと違うものにしてください。',
  'security.problem.users.weak_password': 'このパスワードは推測されやすいため使えません。',
  'security.problem.auth.throttled': '試行回数が多すぎます。しばらくしてから、もう一度お試しください。',

  'admin.users.resetPassword': 'パスワード再設定メールを送る',
  'admin.users.resetPasswordQuestion':
    '{name} さんのメールアドレスに、パスワードを再設定するための一回限りのリンクを送ります。リンクはあなたには表示されません。送りますか？',
  'admin.users.resetPasswordSent': '{name} さんにパスワード再設定のリンクを送りました（有効期限 {at}）。',
  'admin.users.resetMfa': '二要素認証のリセットを申請',
  'admin.users.resetMfaQuestion':
    '{name} さんの二要素認証（認証アプリ、回復コード、パスキー）のリセットを申請します。所属機関のセキュリティ責任者（または別の管理者）が確認すると実施されます。申請しますか？',
  'admin.users.resetMfaAsked': '{name} さんの二要素認証のリセットを申請しました。確認されると実施されます。',
  'admin.users.send': '送る',
  'admin.users.ask': '申請する',
  'changes.kind.mfa.reset': '二要素認証のリセット',
  'tokens.readOnly': '読み取り専用',
  'tokens.field.readOnly': '読み取り専用にする',
  'tokens.field.readOnlyHint': '情報の取得（GET）だけができ、登録や変更はできないトークンにします。',
  'admin.problem.tokens.second_factor_required':
    'APIトークンを発行するには二要素認証が必要です。「セキュリティ設定」で設定し、ログインし直してください。',
  'admin.problem.mfa.session_required':
    'この操作には、二要素認証を済ませたログインが必要です。一度ログアウトして、もう一度ログインしてください。',
} as const;

export const en: Record<keyof typeof ja, string> = {
  'nav.security': 'Security settings',

  'login.passkey': 'Log in with a passkey',
  'login.passkeyFailed': 'Logging in with a passkey did not work. Try again, or log in with your password.',
  'login.throttled': 'Too many attempts. Try again in {seconds} seconds.',
  'login.or': 'or',
  'login.cancel': 'Stop logging in',
  'login.step.secondFactor': 'Second factor',
  'login.step.secondFactorIntro': 'Your password is right. Now confirm it is you with your second factor.',
  'login.totp.label': 'Six-digit code from your authenticator app',
  'login.totp.hint':
    'The number your authenticator app (Google Authenticator, Microsoft Authenticator…) shows.',
  'login.recovery.label': 'Recovery code',
  'login.recovery.hint':
    'One of the recovery codes you kept when you set up the second factor (such as abcd-efgh-jkmn-pqrs). Each works once.',
  'login.useRecovery': 'Use a recovery code',
  'login.useTotp': 'Use a code from the authenticator app',
  'login.usePasskey': 'Use a passkey or security key',
  'login.verify': 'Verify',
  'login.verifying': 'Verifying…',
  'login.secondFactorFailed': 'The code or the passkey was not accepted.',
  'login.codeRequired': 'Enter the code.',
  'login.step.enrol': 'Set up a second factor',
  'login.step.enrolIntro':
    'Your role needs a second factor. To go on, set up an authenticator app or a passkey. Until you do, nothing else is open to you.',
  'login.continue': 'Continue',

  'security.heading': 'Security settings',
  'security.intro': 'How you log in (password and second factor), your sessions and your API tokens.',
  'security.required': 'Your role needs a second factor: the last one cannot be removed.',
  'security.optional': 'With a second factor, every log-in asks for it after your password.',
  'security.loadFailed': 'Could not load ({code}).',

  'security.totp.heading': 'Authenticator app',
  'security.totp.on': 'Set up ({at})',
  'security.totp.off': 'Not set up',
  'security.totp.start': 'Set up an authenticator app',
  'security.totp.scan': 'Scan this QR code with your authenticator app, or type the key below into it.',
  'security.totp.qrAlt': 'QR code for your authenticator app',
  'security.totp.secret': 'Key (to type by hand)',
  'security.totp.code': 'Six-digit code the app shows',
  'security.totp.confirm': 'Verify and turn on',
  'security.totp.done': 'Your authenticator app is set up.',
  'security.totp.remove': 'Remove the authenticator app',
  'security.totp.removeQuestion': 'Remove the authenticator app from your second factors?',
  'security.totp.removed': 'The authenticator app was removed.',
  'security.totp.cancel': 'Cancel',

  'security.codes.heading': 'Recovery codes',
  'security.codes.left': 'Unused recovery codes: {n}',
  'security.codes.none': 'No recovery codes. They come with your first second factor.',
  'security.codes.regenerate': 'New recovery codes',
  'security.codes.regenerateQuestion':
    'New recovery codes replace all the old ones, which stop working. Go on?',
  'security.codes.shownOnce': 'Recovery codes (shown only now)',
  'security.codes.warning':
    'These codes are shown this once. Keep them somewhere safe: when your app or passkey is not at hand, each one logs you in once.',
  'security.codes.listLabel': 'Recovery codes',
  'security.codes.kept': 'I have kept them',
  'security.codes.issued': 'New recovery codes were made.',

  'security.passkeys.heading': 'Passkeys and security keys',
  'security.passkeys.none': 'No passkey is registered.',
  'security.passkeys.name': 'Name',
  'security.passkeys.nameHint': 'A name to tell it apart later (work laptop, security key 1…).',
  'security.passkeys.add': 'Register a passkey',
  'security.passkeys.adding': 'Registering…',
  'security.passkeys.added': 'The passkey “{name}” is registered.',
  'security.passkeys.failed': 'The passkey could not be registered. Try again.',
  'security.passkeys.created': 'Registered',
  'security.passkeys.lastUsed': 'Last used',
  'security.passkeys.never': 'Never',
  'security.passkeys.rename': 'Rename',
  'security.passkeys.renameLabel': 'New name for “{name}”',
  'security.passkeys.save': 'Save',
  'security.passkeys.renamed': 'Renamed.',
  'security.passkeys.remove': 'Remove',
  'security.passkeys.removeQuestion': 'Remove the passkey “{name}”?',
  'security.passkeys.removed': 'The passkey “{name}” was removed.',
  'security.passkeys.unsupported': 'This browser does not support passkeys.',

  'security.password.heading': 'Change your password',
  'security.password.current': 'Current password',
  'security.password.new': 'New password',
  'security.password.newHint':
    'At least 12 characters. Not your e-mail, name or body, nor common words put together.',
  'security.password.again': 'New password (again)',
  'security.password.mismatch': 'The two new passwords are not the same.',
  'security.password.submit': 'Change the password',
  'security.password.done': 'Your password is changed. Every other session has ended.',

  'security.sessions.heading': 'Your sessions',
  'security.sessions.listLabel': 'Your sessions',
  'security.sessions.col.device': 'Browser',
  'security.sessions.col.address': 'Address',
  'security.sessions.col.created': 'Logged in',
  'security.sessions.col.lastSeen': 'Last seen',
  'security.sessions.col.actions': 'Actions',
  'security.sessions.current': 'This session',
  'security.sessions.end': 'End',
  'security.sessions.endQuestion': 'End this session ({device})?',
  'security.sessions.ended': 'The session has ended.',
  'security.sessions.unknownDevice': 'Unknown browser',

  'security.tokens.heading': 'API tokens',
  'security.tokens.intro': 'API tokens are made on the API tokens screen; here you see and revoke them.',
  'security.tokens.manage': 'Go to API tokens',

  'security.problem.mfa.invalid_code': 'The code does not match. Type the code your app shows now.',
  'security.problem.mfa.last_factor':
    'Your role needs a second factor: add another before you remove this one.',
  'security.problem.mfa.session_required':
    'This needs a log-in that passed a second factor. Log out and log in again.',
  'security.problem.mfa.challenge_invalid': 'The passkey request has expired. Try again.',
  'security.problem.mfa.passkey_rejected': 'The passkey could not be verified.',
  'security.problem.mfa.passkey_exists': 'This passkey is registered already.',
  'security.problem.users.current_password_wrong': 'The current password is not right.',
  'security.problem.users.password_unchanged': 'The new password must differ from the current one.',
  'security.problem.users.weak_password': 'This password is too easy to guess.',
  'security.problem.auth.throttled': 'Too many attempts. Wait a while and try again.',

  'admin.users.resetPassword': 'Send a password reset e-mail',
  'admin.users.resetPasswordQuestion':
    'A one-time link to set a new password goes to the e-mail address of {name}. You will not see it. Send it?',
  'admin.users.resetPasswordSent': 'A password reset link was sent to {name} (valid until {at}).',
  'admin.users.resetMfa': 'Ask to reset the second factors',
  'admin.users.resetMfaQuestion':
    "Ask to reset the second factors (authenticator app, recovery codes, passkeys) of {name}? It is done when the body's security officer (or another administrator) confirms.",
  'admin.users.resetMfaAsked':
    'The reset of the second factors of {name} is asked; it is done once confirmed.',
  'admin.users.send': 'Send',
  'admin.users.ask': 'Ask',
  'changes.kind.mfa.reset': 'A reset of second factors',
  'tokens.readOnly': 'Read-only',
  'tokens.field.readOnly': 'Read-only',
  'tokens.field.readOnlyHint': 'The token may only read (GET requests): it cannot file or change anything.',
  'admin.problem.tokens.second_factor_required':
    'Making an API token needs a second factor: set one up in Security settings, then log in again.',
  'admin.problem.mfa.session_required':
    'This needs a log-in that passed a second factor. Log out and log in again.',
};
