import { freeText } from '../../platform/text.js';
import { noticeErrors } from './notices.errors.js';
import { NOTICE_FIELD_MAX, NOTICE_TITLE_MAX } from './notices.schemas.js';
import { NOTICE_FIELDS, type NoticeContent, type NoticeText } from './notices.template.js';

// What a notice may say, checked before anything is stored. The public reads it as written, so beyond what every
// free text refuses (controls, bidirectional overrides, nothing visible), a notice holds no format character at
// all: a zero-width space or joiner would make two texts that read the same differ (a title that looks approved
// but is not), or hide words from a search.
const FORMAT = /\p{Cf}/u;

function field(raw: string, name: string, max: number): string {
  const text = freeText(raw, name, max);
  if (FORMAT.test(text)) throw noticeErrors.invisibleCharacters(name);
  return text.trim();
}

function language(t: NoticeText, lang: string): NoticeText {
  const out = {} as NoticeText;
  for (const f of NOTICE_FIELDS)
    out[f] = field(t[f], `content.${lang}.${f}`, f === 'title' ? NOTICE_TITLE_MAX : NOTICE_FIELD_MAX);
  return out;
}

/** The content as stored (NFC, trimmed); refuses what could mislead a reader, naming the field. */
export function checkedContent(c: NoticeContent): NoticeContent {
  return c.en ? { ja: language(c.ja, 'ja'), en: language(c.en, 'en') } : { ja: language(c.ja, 'ja') };
}

/** Free text of a reason or comment (not published): as every free text, with no format characters. */
export function checkedNote(raw: string, name: string, max: number): string {
  return field(raw, name, max);
}
