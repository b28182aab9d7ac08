import { describe, expect, it } from 'vitest';
import { TLPS } from '../incidents/vocabulary.js';
import {
  type AlertContent,
  formatTime,
  mayCarryContent,
  renderEmail,
  renderWebhook,
} from './notifications.render.js';

const content = (tlp: string, overrides: Partial<AlertContent> = {}): AlertContent => ({
  event: 'incident.reported',
  tlp,
  org: { slug: 'mof', nameJa: '財務省', nameEn: 'Ministry of Finance' },
  at: new Date('2026-11-25T03:00:00.000Z'),
  title: '件名 SECRET-TITLE',
  summary: '概要 SECRET-SUMMARY',
  link: 'https://renraku.example.go.jp/incidents/abc',
  ackLink: 'https://renraku.example.go.jp/api/v1/notifications/ack/rnkack_x',
  escalated: false,
  ...overrides,
});

describe('notification rendering', () => {
  it('says the severity, the body, the time and the link of what happened, in both languages', () => {
    const c = content('TLP:AMBER', { severity: 'critical' });
    const ja = renderEmail(c, { locale: 'ja', timeZone: 'Asia/Tokyo' }).text;
    const en = renderEmail(c, { locale: 'en', timeZone: 'Asia/Tokyo' }).text;
    expect(ja).toContain('深刻度: 緊急');
    expect(ja).toContain('機関: 財務省');
    expect(ja).toContain('日時: 2026/11/25 12:00 JST');
    expect(en).toContain('Severity: Critical');
    expect(en).toContain('Body: Ministry of Finance');
    for (const text of [ja, en]) expect(text).toContain('https://renraku.example.go.jp/incidents/abc');
    const hook = JSON.parse(renderWebhook(c, { deliveryId: 'd', notificationId: 'n', subject: null }));
    expect(hook.severity).toBe('critical');
  });

  it('tells the center in words that an incident is in its ministry review, without its title or link', () => {
    const c = content('TLP:GREEN', {
      event: 'alert.unacknowledged',
      title: null,
      summary: null,
      link: null,
      inReviewOf: { slug: 'ipa', nameJa: '情報処理推進機構', nameEn: 'IPA' },
    });
    const ja = renderEmail(c, { locale: 'ja', timeZone: 'Asia/Tokyo' }).text;
    const en = renderEmail(c, { locale: 'en', timeZone: 'Asia/Tokyo' }).text;
    expect(ja).toContain(
      '情報処理推進機構 の事案が所管府省庁の審査中です。センターへ送付されると内容を確認できます。',
    );
    expect(en).toContain(
      "An incident of IPA is in its ministry's review; you will be able to read it when it is forwarded.",
    );
    for (const text of [ja, en]) {
      expect(text).not.toContain('SECRET-');
      expect(text).not.toContain('/incidents/');
    }
  });

  it.each(TLPS)('keeps %s content out of e-mail and webhook unless it is CLEAR or GREEN', (tlp) => {
    const open = tlp === 'TLP:CLEAR' || tlp === 'TLP:GREEN';
    expect(mayCarryContent(tlp)).toBe(open);
    for (const locale of ['ja', 'en'] as const) {
      const mail = renderEmail(content(tlp), { locale, timeZone: 'Asia/Tokyo' });
      expect(mail.subject.startsWith(`[${tlp}] `)).toBe(true);
      expect(mail.subject.includes('SECRET-TITLE')).toBe(open);
      expect(mail.text.includes('SECRET-TITLE')).toBe(open);
      expect(mail.text.includes('SECRET-SUMMARY')).toBe(open);
      expect(mail.text).toContain('https://renraku.example.go.jp/incidents/abc');
      expect(mail.text).toContain('/api/v1/notifications/ack/rnkack_x');
    }
    const hook = renderWebhook(content(tlp), {
      deliveryId: 'n.c',
      notificationId: 'n',
      subject: { type: 'incident', id: 'abc' },
    });
    expect(hook.includes('SECRET-')).toBe(open);
  });

  it('names the body, the kind and the time in the recipient’s language and time zone', () => {
    const ja = renderEmail(content('TLP:RED'), { locale: 'ja', timeZone: 'Asia/Tokyo' });
    expect(ja.subject).toBe('[TLP:RED] 【Renraku】速報: 財務省');
    expect(ja.text).toContain('日時: 2026/11/25 12:00 JST');
    const en = renderEmail(content('TLP:RED', { escalated: true }), {
      locale: 'en',
      timeZone: 'Europe/Paris',
    });
    expect(en.subject).toBe('[TLP:RED] [Renraku] [Escalated] Quick report: Ministry of Finance');
    expect(en.text).toContain('Time: 2026-11-25 04:00 CET');
  });

  it('names the incident by its prefixed number in the subject, the body and the webhook, beside its id', () => {
    const c = content('TLP:RED', { incident: { id: 'abc', number: 'NISC-2026-000123' } });
    const ja = renderEmail(c, { locale: 'ja', timeZone: 'Asia/Tokyo' });
    const en = renderEmail(c, { locale: 'en', timeZone: 'Asia/Tokyo' });
    expect(ja.subject).toBe('[TLP:RED] 【Renraku】速報 NISC-2026-000123: 財務省');
    expect(ja.text).toContain('事案番号: NISC-2026-000123');
    expect(en.subject).toBe('[TLP:RED] [Renraku] Quick report NISC-2026-000123: Ministry of Finance');
    expect(en.text).toContain('Incident number: NISC-2026-000123');
    const hook = JSON.parse(renderWebhook(c, { deliveryId: 'd', notificationId: 'n', subject: null }));
    expect(hook).toMatchObject({ incidentId: 'abc', incidentNumber: 'NISC-2026-000123' });
    // Without an incident the recipient may read, no number at all.
    const none = renderWebhook(content('TLP:RED'), { deliveryId: 'd', notificationId: 'n', subject: null });
    expect(JSON.parse(none)).not.toHaveProperty('incidentNumber');
  });

  it('never lets a title break the subject line', () => {
    const mail = renderEmail(content('TLP:GREEN', { title: 'a\r\nBcc: x@example.com\u0000b' }), {
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
    });
    expect(mail.subject).toBe('[TLP:GREEN] 【Renraku】速報: a Bcc: x@example.com b');
  });

  it('tells the time in the zone of each recipient, to the minute, whatever was told just before', () => {
    const tokyo = { locale: 'ja', timeZone: 'Asia/Tokyo' } as const;
    const kathmandu = { locale: 'en', timeZone: 'Asia/Kathmandu' } as const;
    const at = (iso: string) => new Date(iso);
    expect(formatTime(at('2026-11-25T03:00:10Z'), tokyo)).toBe('2026/11/25 12:00 JST');
    // Another zone in the same minute (UTC+5:45), then the first zone again in the same and the next minute.
    expect(formatTime(at('2026-11-25T03:00:50Z'), kathmandu)).toBe('2026-11-25 08:45 GMT+5:45');
    expect(formatTime(at('2026-11-25T03:00:59Z'), tokyo)).toBe('2026/11/25 12:00 JST');
    expect(formatTime(at('2026-11-25T03:01:00Z'), tokyo)).toBe('2026/11/25 12:01 JST');
    expect(formatTime(at('2026-11-25T02:59:59Z'), tokyo)).toBe('2026/11/25 11:59 JST');
    expect(formatTime(at('2026-12-31T15:00:00Z'), tokyo)).toBe('2027/01/01 00:00 JST');
  });

  it('heads a situation notice with 【事態】, its number, name and level when its TLP allows, else its number only', () => {
    const situation = {
      number: 'S-2026-001',
      name: '大規模DDoS SECRET-NAME',
      level: { ja: '警戒', en: 'Alert' },
    };
    const of = (tlp: string) =>
      content(tlp, {
        event: 'situation.declared',
        org: { slug: 'nco', nameJa: '国家サイバー統括室', nameEn: 'National Cybersecurity Office' },
        title: situation.name,
        summary: '説明 SECRET-SUMMARY',
        link: 'https://renraku.example.go.jp/situations/s1',
        situation,
      });
    const green = of('TLP:GREEN');
    expect(renderEmail(green, { locale: 'ja', timeZone: 'Asia/Tokyo' }).subject).toBe(
      '[TLP:GREEN] 【Renraku】【事態】S-2026-001 大規模DDoS SECRET-NAME 警戒（事態の宣言）',
    );
    expect(renderEmail(green, { locale: 'en', timeZone: 'Asia/Tokyo' }).subject).toBe(
      '[TLP:GREEN] [Renraku] [Situation] S-2026-001 大規模DDoS SECRET-NAME Alert (Situation declared)',
    );
    const greenText = renderEmail(green, { locale: 'ja', timeZone: 'Asia/Tokyo' }).text;
    expect(greenText).toContain('事態番号: S-2026-001');
    expect(greenText).toContain('態勢: 警戒');
    expect(greenText).toContain('説明 SECRET-SUMMARY');
    for (const tlp of ['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']) {
      const c = of(tlp);
      for (const locale of ['ja', 'en'] as const) {
        const mail = renderEmail(c, { locale, timeZone: 'Asia/Tokyo' });
        expect(mail.subject).toBe(
          locale === 'ja'
            ? `[${tlp}] 【Renraku】【事態】S-2026-001（事態の宣言）`
            : `[${tlp}] [Renraku] [Situation] S-2026-001 (Situation declared)`,
        );
        expect(mail.text).toContain('S-2026-001');
        expect(mail.text).not.toContain('SECRET-');
        expect(mail.text).toContain('https://renraku.example.go.jp/situations/s1');
      }
      const hook = renderWebhook(c, { deliveryId: 'd', notificationId: 'n', subject: null });
      expect(hook).not.toContain('SECRET-');
      expect(JSON.parse(hook)).toMatchObject({ situationNumber: 'S-2026-001', event: 'situation.declared' });
    }
  });
});
