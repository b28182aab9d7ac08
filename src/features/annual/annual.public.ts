import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { changesOf } from '../../platform/db/changes.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import type { Api } from '../../platform/http/api.js';
import { media } from '../../platform/http/openapi.js';
import { type DateFormat, esc, missingPage, page, paragraphs, time } from '../notices/public/public.html.js';
import { fresh, PUBLIC_CSP } from '../notices/public/public.routes.js';
import { CHART_NAMES, type ChartName, chartDescription, chartSeries, chartSvg } from './annual.charts.js';
import { annualReads, PUBLIC_ANNUAL_CHANGED, type PublicAnnualSummary } from './annual.reads.js';

// The annual report's public summary on the public site: the frozen government-wide totals, as tables and as
// charts drawn on the server, and the center's text. Under the notices' rules: no log-in and no cookie read, the
// same strict CSP, cached in memory until a summary is published or withdrawn, entity tags and dates.

const CACHE_CONTROL = 'public, max-age=60';
const tags = ['public'];

interface Answer {
  status: 200 | 404;
  type: string;
  body: string;
  etag: string;
  lastModified: string;
}

const made = (type: string, body: string, updated: string, status: 200 | 404 = 200): Answer => ({
  status,
  type,
  body,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  lastModified: new Date(updated).toUTCString(),
});

const HTML = 'text/html; charset=utf-8';
const NOT_FOUND = made(HTML, missingPage(), '1970-01-01T00:00:00.000Z', 404);
const open = { anonymous: true } as const;
const headers = {
  etag: { type: 'string', description: 'The answer’s entity tag: send it back in If-None-Match' },
  'last-modified': { type: 'string', description: 'When the summary was published or withdrawn' },
  'cache-control': { type: 'string', description: `${CACHE_CONTROL}: anyone may keep it a minute` },
  'content-security-policy': { type: 'string', description: PUBLIC_CSP },
};
const missing = media(
  'text/html',
  { type: 'string' },
  'Nothing published by that name (the same page for all)',
);

/** The fiscal year an address names: four digits, nothing else (anything else names nothing). */
const yearOf = (raw: string) => (/^[0-9]{4}$/.test(raw) ? Number(raw) : null);

const KIND_NAMES = {
  center: ['センター', 'Center'],
  ministry: ['府省庁', 'Ministries'],
  agency: ['独立行政法人等', 'Agencies'],
};

function table(s: ReturnType<typeof chartSeries>, head: string): string {
  const rows = s.labels
    .map((l, i) => `<tr><th scope="row">${esc(l)}</th><td>${s.values[i] ?? 0}</td></tr>`)
    .join('');
  return `<table><caption>${esc(s.title)}</caption><thead><tr><th scope="col">${esc(head)}</th><th scope="col">件数 <span lang="en">Incidents</span></th></tr></thead><tbody>${rows}</tbody></table>`;
}

const HEADS: Record<ChartName, string> = {
  month: '月',
  category: '分類',
  severity: '深刻度',
  kind: '機関の種別',
  year: '年度',
};

/** /public/annual/{fy}: the summary, or the dated tombstone of a withdrawn one. */
export function summaryPage(s: PublicAnnualSummary, f: DateFormat): string {
  const title = `${s.fiscalYear}年度 年次報告の概要`;
  const titleEn = `Annual report summary, fiscal year ${s.fiscalYear}`;
  if (!s.content || s.withdrawnAt)
    return page({
      title: `【取り下げ】${title}`,
      base: `/public/annual/${s.fiscalYear}`,
      main: `<article class="tombstone">
<h1>【取り下げ】${esc(title)}</h1>
<p>この概要は ${time(s.withdrawnAt ?? s.publishedAt, f)} に取り下げられました。</p>
<p lang="en">This summary was withdrawn on ${time(s.withdrawnAt ?? s.publishedAt, f)}.</p>
</article>`,
    });
  const { totals, textJa, textEn } = s.content;
  const charts = CHART_NAMES.map((chart) => {
    const ja = chartSeries(totals, chart, 'ja');
    const src = `/public/annual/${s.fiscalYear}/charts/${chart}.svg`;
    return `<section class="chart"><h2>${esc(ja.title)}</h2>
<figure><img src="${src}" alt="${esc(chartDescription(ja, 'ja'))}" width="720"><figcaption>${esc(ja.title)}</figcaption></figure>
${table(ja, HEADS[chart])}</section>`;
  }).join('\n');
  const kinds = totals.byKind.map((k) => `${KIND_NAMES[k.kind][0]} ${k.count}件`).join('、');
  return page({
    title: `${title} | ${titleEn}`,
    base: `/public/annual/${s.fiscalYear}`,
    main: `<article class="annual">
<h1>${esc(title)} <span lang="en">${esc(titleEn)}</span></h1>
<p class="meta">公表 ${time(s.publishedAt, f)} · 国家サイバー統括室</p>
${paragraphs(textJa)}
${textEn ? `<div lang="en">${paragraphs(textEn)}</div>` : ''}
<p class="total">政府全体の事案数: <strong>${totals.total}件</strong>（${kinds}） <span lang="en">Incidents government-wide: ${totals.total}</span></p>
${charts}
</article>`,
  });
}

/** The public summaries' pages and charts (registered beside the public site's notices). */
export function annualPublicRoutes(app: Api, deps: { handle: DatabaseHandle; timeZone: string }): void {
  const { handle } = deps;
  const changes = changesOf(handle);
  const cache = new Map<string, Answer>();
  changes.on(PUBLIC_ANNUAL_CHANGED, () => cache.clear());
  const f = { timeZone: deps.timeZone };

  async function cached(key: string, build: () => Promise<Answer>): Promise<Answer> {
    const trusted = changes.trusted();
    const kept = trusted ? cache.get(key) : undefined;
    if (kept) return kept;
    const answer = await build();
    if (trusted && answer.status === 200) cache.set(key, answer);
    return answer;
  }

  function send(request: FastifyRequest, reply: FastifyReply, a: Answer) {
    reply.header('content-security-policy', PUBLIC_CSP).header('x-content-type-options', 'nosniff');
    if (a.status === 404)
      return reply.status(404).header('cache-control', 'no-store').type(a.type).send(a.body);
    reply
      .header('etag', a.etag)
      .header('last-modified', a.lastModified)
      .header('cache-control', CACHE_CONTROL);
    if (fresh(request, a)) return reply.status(304).send();
    return reply.status(200).type(a.type).send(a.body);
  }

  const summaryOf = async (raw: string) => {
    const year = yearOf(raw);
    return year === null ? undefined : annualReads.publicSummary(handle.db, year);
  };
  const updatedOf = (s: PublicAnnualSummary) => s.withdrawnAt ?? s.publishedAt;

  app.get(
    '/public/annual/:fiscalYear',
    {
      config: open,
      schema: {
        operationId: 'getPublicAnnualSummary',
        tags,
        summary:
          "A fiscal year's annual report summary: the government-wide totals as tables and charts, and the center's text; a withdrawn one's dated tombstone; 404 for any year never published",
        security: [],
        params: Type.Object({ fiscalYear: Type.String({ minLength: 1, maxLength: 16 }) }),
        response: {
          200: media('text/html', { type: 'string' }, 'The summary', headers),
          304: notModified,
          404: missing,
        },
      },
    },
    async (request, reply) => {
      const { fiscalYear } = request.params;
      const answer = await cached(`page:${fiscalYear}`, async () => {
        const s = await summaryOf(fiscalYear);
        return s ? made(HTML, summaryPage(s, f), updatedOf(s)) : NOT_FOUND;
      });
      return send(request, reply, answer);
    },
  );

  app.get(
    '/public/annual/:fiscalYear/charts/:chart',
    {
      config: open,
      schema: {
        operationId: 'getPublicAnnualChart',
        tags,
        summary:
          'A chart of a published summary as SVG (month.svg, category.svg, severity.svg, kind.svg, year.svg); 404 for anything else, a withdrawn summary included',
        security: [],
        params: Type.Object({
          fiscalYear: Type.String({ minLength: 1, maxLength: 16 }),
          chart: Type.String({ minLength: 1, maxLength: 32 }),
        }),
        response: {
          200: media('image/svg+xml', { type: 'string' }, 'The chart', headers),
          304: notModified,
          404: missing,
        },
      },
    },
    async (request, reply) => {
      const { fiscalYear, chart } = request.params;
      const name = CHART_NAMES.find((c) => `${c}.svg` === chart);
      const answer = await cached(`chart:${fiscalYear}:${chart}`, async () => {
        const s = name ? await summaryOf(fiscalYear) : undefined;
        if (!s?.content || !name) return NOT_FOUND;
        return made('image/svg+xml; charset=utf-8', chartSvg(s.content.totals, name, 'ja'), updatedOf(s));
      });
      return send(request, reply, answer);
    },
  );
}

const notModified = { description: 'Not modified since the entity tag or date sent', type: 'null' };
