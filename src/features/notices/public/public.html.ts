import type { NoticeText } from '../notices.template.js';
import { latest, type PublicNotice, type PublicVersion } from './public.model.js';

// The public site's pages, rendered on the server as plain HTML: no script, one style sheet, every text escaped,
// Japanese first with English marked by its `lang`. Readable by anyone, printable, usable on a phone.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML (content or attribute value). */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** How dates read on the site, in the deployment's time zone. */
export interface DateFormat {
  timeZone: string;
}

function dateParts(iso: string, tz: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute') };
}

/** An instant as the site writes it, in a <time> element. */
export const time = (iso: string, f: DateFormat) => {
  const p = dateParts(iso, f.timeZone);
  return `<time datetime="${esc(iso)}">${p.y}-${p.m}-${p.d} ${p.h}:${p.min}</time>`;
};

/** Paragraphs of a text: blank lines part paragraphs, single line breaks stay. */
export const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

const KIND = { notice: ['お知らせ', 'Notice'], press: ['報道発表', 'Press release'] } as const;

const versionLabel = (v: PublicVersion, lang: 'ja' | 'en') =>
  v.kind === 'correction'
    ? lang === 'ja'
      ? `訂正（第${v.seq}版）`
      : `Correction (version ${v.seq})`
    : lang === 'ja'
      ? `第${v.seq}報`
      : `Report ${v.seq}`;

const SECTIONS: readonly [keyof NoticeText, string, string][] = [
  ['body', '概要', 'Summary'],
  ['happened', '発生した事象', 'What happened'],
  ['impact', '影響', 'Impact'],
  ['response', '対応', 'Our response'],
  ['contact', 'お問い合わせ先', 'Contact'],
];

/** A page of the public site: its frame, the one style sheet and the feeds' links around `main`. */
export function page(args: { title: string; base: string; main: string }): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(args.title)}</title>
<link rel="stylesheet" href="/public/style.css">
<link rel="alternate" type="application/atom+xml" href="/public/feed.atom" title="公表情報（Atom）">
<link rel="alternate" type="application/feed+json" href="/public/feed.json" title="公表情報（JSON Feed）">
</head>
<body>
<a class="skip" href="#main">本文へ移動 <span lang="en">Skip to content</span></a>
<header class="site"><p><a href="/public">公表情報 <span lang="en">Public notices</span></a></p></header>
<main id="main">
${args.main}
</main>
<footer class="site"><p>フィード <span lang="en">Feeds</span>: <a href="/public/feed.atom">Atom</a> · <a href="/public/feed.json">JSON Feed</a></p></footer>
</body>
</html>
`;
}

function noticeItem(n: PublicNotice, f: DateFormat, withBody: boolean): string {
  const v = latest(n);
  const title = v.content.ja.title;
  const meta = [
    KIND[n.kind][0],
    withBody ? esc(n.body.nameJa) : '',
    versionLabel(v, 'ja'),
    n.withdrawnAt ? `取り下げ ${time(n.withdrawnAt, f)}` : time(v.publishedAt, f),
  ].filter((s) => s !== '');
  return `<li><article><h2><a href="/public/notices/${esc(n.id)}">${n.withdrawnAt ? '【取り下げ】' : ''}${esc(title)}</a></h2><p class="meta">${meta.join(' · ')}</p></article></li>`;
}

const list = (notices: readonly PublicNotice[], f: DateFormat, withBody: boolean) =>
  notices.length === 0
    ? '<p>公表されたお知らせはありません。<span lang="en">No notices have been published.</span></p>'
    : `<ol class="notices">${notices.map((n) => noticeItem(n, f, withBody)).join('')}</ol>`;

/** A fiscal year's annual report summary as the index links it (its tombstone once withdrawn). */
export interface AnnualLink {
  fiscalYear: number;
  withdrawnAt: string | null;
}

const annualList = (annual: readonly AnnualLink[]) =>
  annual.length === 0
    ? ''
    : `<section class="annual-links"><h2>年次報告の概要 <span lang="en">Annual report summaries</span></h2><ul>${annual
        .map(
          (a) =>
            `<li><a href="/public/annual/${a.fiscalYear}">${a.withdrawnAt ? '【取り下げ】' : ''}${a.fiscalYear}年度 <span lang="en">Fiscal year ${a.fiscalYear}</span></a></li>`,
        )
        .join('')}</ul></section>`;

/** /public: every body's published notices, newest first, and the annual report summaries. */
export function indexPage(
  notices: readonly PublicNotice[],
  f: DateFormat,
  annual: readonly AnnualLink[] = [],
): string {
  return page({
    title: '公表情報 | Public notices',
    base: '/public',
    main: `<h1>公表情報 <span lang="en">Public notices</span></h1>\n${list(notices, f, true)}\n${annualList(annual)}`,
  });
}

/** /public/bodies/{slug}: one body's published notices. */
export function bodyPage(
  body: PublicNotice['body'],
  notices: readonly PublicNotice[],
  f: DateFormat,
): string {
  return page({
    title: `${body.nameJa} の公表情報 | ${body.nameEn}`,
    base: `/public/bodies/${body.slug}`,
    main: `<h1>${esc(body.nameJa)} <span lang="en">${esc(body.nameEn)}</span></h1>\n${list(notices, f, false)}`,
  });
}

function versionText(t: NoticeText, lang: 'ja' | 'en', level: number): string {
  const i = lang === 'ja' ? 1 : 2;
  return SECTIONS.map(
    ([key, ...names]) =>
      `<section><h${level}>${esc(names[i - 1] as string)}</h${level}>${paragraphs(t[key])}</section>`,
  ).join('\n');
}

/** /public/notices/{id}: a notice, its latest version in full, every earlier version; a withdrawn one's tombstone. */
export function noticePage(n: PublicNotice, f: DateFormat): string {
  const v = latest(n);
  const bodyLink = `<a href="/public/bodies/${esc(n.body.slug)}">${esc(n.body.nameJa)}</a>`;
  if (n.withdrawnAt) {
    return page({
      title: `【取り下げ】${v.content.ja.title}`,
      base: `/public/notices/${n.id}`,
      main: `<article class="tombstone">
<h1>【取り下げ】${esc(v.content.ja.title)}</h1>
<p class="meta">${KIND[n.kind][0]} · ${bodyLink}</p>
<p>このお知らせは ${time(n.withdrawnAt, f)} に取り下げられました。</p>
<p lang="en">This notice was withdrawn on ${time(n.withdrawnAt, f)}.</p>
</article>`,
    });
  }
  const en = v.content.en;
  const earlier = n.versions.slice(0, -1).reverse();
  const history = n.versions
    .slice()
    .reverse()
    .map(
      (x) =>
        `<li>${versionLabel(x, 'ja')} <span lang="en">${versionLabel(x, 'en')}</span> · ${time(x.publishedAt, f)}</li>`,
    )
    .join('');
  return page({
    title: `${v.content.ja.title} | ${n.body.nameJa}`,
    base: `/public/notices/${n.id}`,
    main: `<article>
<h1>${esc(v.content.ja.title)}</h1>
<p class="meta">${KIND[n.kind][0]} · ${bodyLink} · ${versionLabel(v, 'ja')} · ${time(v.publishedAt, f)}（初報 ${time(n.publishedAt, f)}）</p>
${versionText(v.content.ja, 'ja', 2)}
${
  en
    ? `<section lang="en" class="english"><h2>${esc(en.title)}</h2>
<p class="meta">${KIND[n.kind][1]} · ${esc(n.body.nameEn)} · ${versionLabel(v, 'en')}</p>
${versionText(en, 'en', 3)}</section>`
    : ''
}
<section class="versions"><h2>版の履歴 <span lang="en">Versions</span></h2><ol reversed>${history}</ol></section>
${earlier
  .map(
    (
      x,
    ) => `<section class="earlier"><h2>${versionLabel(x, 'ja')}（${time(x.publishedAt, f)}）: ${esc(x.content.ja.title)}</h2>
${versionText(x.content.ja, 'ja', 3)}${
  x.content.en
    ? `<div lang="en"><h3>${esc(x.content.en.title)}</h3>${versionText(x.content.en, 'en', 4)}</div>`
    : ''
}</section>`,
  )
  .join('\n')}
</article>`,
  });
}

/** The page of a path that names nothing published. */
export function missingPage(): string {
  return page({
    title: 'ページが見つかりません | Not found',
    base: '/public',
    main: '<h1>ページが見つかりません <span lang="en">Not found</span></h1><p><a href="/public">公表情報の一覧へ <span lang="en">All public notices</span></a></p>',
  });
}

/** The site's one style sheet: readable, AA contrast, visible focus, a phone's width, and print. */
export const PUBLIC_CSS = `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;line-height:1.8;color:#1a1a1a;background:#fff}
main,header.site p,footer.site p{max-width:48rem;margin:0 auto;padding:0 1rem}
header.site{background:#123c69;color:#fff;padding:.5rem 0}
header.site a{color:#fff;font-weight:bold;text-decoration:none}
footer.site{border-top:1px solid #767676;margin-top:2rem;padding:1rem 0}
a{color:#0b57a4}
a:focus-visible{outline:3px solid #b85c00;outline-offset:2px}
.skip{position:absolute;left:-10000px}
.skip:focus{left:1rem;top:1rem;background:#fff;color:#0b57a4;padding:.5rem;z-index:1}
h1{font-size:1.6rem;line-height:1.4}
h2{font-size:1.25rem;line-height:1.4}
.meta{color:#4a4a4a;font-size:.95rem}
ol.notices{list-style:none;padding:0}
ol.notices li{border-bottom:1px solid #d0d0d0;padding:.5rem 0}
.english{border-top:2px solid #123c69;margin-top:2rem}
.tombstone{border:2px solid #767676;padding:1rem;margin-top:1rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:left}
td{text-align:right}
img{max-width:100%;height:auto}
figure{margin:0}
@media print{header.site,footer.site,.skip{display:none}body{color:#000}a{color:#000;text-decoration:none}main{max-width:none}section{break-inside:avoid}}
`;
