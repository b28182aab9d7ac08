import type { NoticeText } from '../notices.template.js';
import { latest, type PublicNotice } from './public.model.js';

// The public site's feeds: Atom (RFC 4287) and JSON Feed 1.1, one entry per notice ever published (its latest
// published version, or its withdrawal), carrying its published text only.

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const xml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] as string);

const TITLE = '公表情報 (Renraku)';

/** A notice's stable id in the feeds: its UUID as a URN (RFC 4122), never reused. */
const entryId = (n: PublicNotice) => `urn:uuid:${n.id}`;

function plain(t: NoticeText): string {
  return [
    t.body,
    `【発生した事象】\n${t.happened}`,
    `【影響】\n${t.impact}`,
    `【対応】\n${t.response}`,
    `【お問い合わせ先】\n${t.contact}`,
  ].join('\n\n');
}

const WITHDRAWN = (n: PublicNotice) =>
  `このお知らせは ${n.withdrawnAt} に取り下げられました。 / This notice was withdrawn on ${n.withdrawnAt}.`;

const titleOf = (n: PublicNotice) => `${n.withdrawnAt ? '【取り下げ】' : ''}${latest(n).content.ja.title}`;
const textOf = (n: PublicNotice) => (n.withdrawnAt ? WITHDRAWN(n) : plain(latest(n).content.ja));

/** The Atom feed of these notices (newest first), at `base` (the site's origin). */
export function atomFeed(notices: readonly PublicNotice[], base: string, updated: string): string {
  const entries = notices
    .map(
      (n) => `<entry>
<id>${xml(entryId(n))}</id>
<title type="text">${xml(titleOf(n))}</title>
<updated>${xml(n.updatedAt)}</updated>
<published>${xml(n.publishedAt)}</published>
<author><name>${xml(n.body.nameJa)}</name></author>
<link rel="alternate" type="text/html" hreflang="ja" href="${xml(`${base}/public/notices/${n.id}`)}"/>
<content type="text" xml:lang="ja">${xml(textOf(n))}</content>
</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">
<id>${xml(`${base}/public`)}</id>
<title type="text">${xml(TITLE)}</title>
<updated>${xml(updated)}</updated>
<author><name>Renraku</name></author>
<link rel="self" type="application/atom+xml" href="${xml(`${base}/public/feed.atom`)}"/>
<link rel="alternate" type="text/html" href="${xml(`${base}/public`)}"/>
${entries}
</feed>
`;
}

/** The JSON Feed 1.1 of these notices (newest first). */
export function jsonFeed(notices: readonly PublicNotice[], base: string): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: TITLE,
    home_page_url: `${base}/public`,
    feed_url: `${base}/public/feed.json`,
    language: 'ja',
    items: notices.map((n) => ({
      id: entryId(n),
      url: `${base}/public/notices/${n.id}`,
      title: titleOf(n),
      content_text: textOf(n),
      date_published: n.publishedAt,
      date_modified: n.updatedAt,
      authors: [{ name: n.body.nameJa }],
      language: 'ja',
    })),
  });
}
