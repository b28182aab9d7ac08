import { randomInt } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { canonicalIndicator } from '../../src/features/indicators/indicators.canonical.js';
import type { IndicatorType } from '../../src/features/indicators/indicators.types.js';
import {
  buildMatcher,
  entryForm,
  type ListForMatching,
} from '../../src/features/warninglists/warninglists.match.js';
import type { MatchType } from '../../src/features/warninglists/warninglists.types.js';

// The matcher keeps IPv4 networks as numbers and looks each entry up by prefix length; this compares it, on
// random lists and values (every prefix length, /0 and /32 included, IPv6, URLs with IP and named hosts,
// e-mail), with a naive model that asks ipaddr.js whether each entry contains the value, and compares hosts
// label by label.

const pick = <T>(xs: readonly T[]): T => xs[randomInt(0, xs.length)] as T;
const v4 = () => Array.from({ length: 4 }, () => pick([0, 10, 127, 192, 255, randomInt(0, 256)])).join('.');
const v6 = () =>
  randomInt(0, 5) === 0
    ? `::ffff:${v4()}`
    : pick(['2001:db8::', 'fe80::', 'fc00::', `2001:db8:${randomInt(0, 65536).toString(16)}::`]) +
      randomInt(0, 65536).toString(16);
const masked = (addr: string, prefix: number) => {
  const ip = ipaddr.parse(addr);
  const net =
    ip instanceof ipaddr.IPv4
      ? ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${ip}/${prefix}`);
  return `${net}/${prefix}`;
};
const LABELS = ['example', 'jp', 'go', 'com', 'google', 'www', 'a', 'xn--wgv71a119e'];
const host = () => Array.from({ length: randomInt(2, 5) }, () => pick(LABELS)).join('.');

function randomValue(): { type: IndicatorType; value: string } {
  switch (randomInt(0, 7)) {
    case 0:
      return { type: 'ipv4', value: v4() };
    case 1:
      return { type: 'cidr', value: masked(v4(), randomInt(0, 33)) };
    case 2:
      return { type: 'ipv6', value: v6() };
    case 3:
      return { type: 'cidr', value: masked(v6(), randomInt(0, 129)) };
    case 4:
      return { type: 'url', value: `http://${pick([v4(), `[${v6()}]`, host()])}/x` };
    case 5:
      return { type: 'email', value: `u@${host()}` };
    default:
      return { type: 'domain', value: host() };
  }
}

function randomLists(): ListForMatching[] {
  const of = (matchType: MatchType, raw: string[], appliesTo: string[]) => ({
    matchType,
    appliesTo,
    entries: raw.flatMap((e) => {
      const f = entryForm(matchType, e);
      return f.ok ? [f.value] : [];
    }),
  });
  return [
    of(
      'cidr',
      Array.from({ length: randomInt(0, 12) }, () =>
        randomInt(0, 3) === 0 ? masked(v6(), randomInt(0, 129)) : masked(v4(), randomInt(0, 33)),
      ),
      pick([[], ['ipv4', 'cidr'], ['url'], ['ipv6', 'cidr', 'url', 'ipv4']]),
    ),
    of('hostname', Array.from({ length: randomInt(0, 4) }, host), pick([[], ['domain', 'url'], ['email']])),
  ];
}

/** The model: each entry asked in turn. */
function modelMatches(lists: ListForMatching[], type: IndicatorType, raw: string): number[] {
  const c = canonicalIndicator(type, raw);
  if (!c.ok) return [];
  const { type: t, value } = c.indicator;
  const urlHost = t === 'url' ? new URL(value).hostname : null;
  const net = (() => {
    const text =
      t === 'ipv4' || t === 'ipv6' || t === 'cidr'
        ? value
        : urlHost !== null && ipaddr.isValid(urlHost.replace(/^\[(.*)\]$/, '$1'))
          ? (() => {
              const h = canonicalIndicator('ipv6', urlHost.replace(/^\[(.*)\]$/, '$1'));
              return h.ok ? h.indicator.value : null;
            })()
          : null;
    if (text === null) return null;
    return text.includes('/')
      ? ipaddr.parseCIDR(text)
      : ([ipaddr.parse(text), ipaddr.parse(text).kind() === 'ipv4' ? 32 : 128] as [
          ipaddr.IPv4 | ipaddr.IPv6,
          number,
        ]);
  })();
  const hostName =
    t === 'domain'
      ? value
      : t === 'email'
        ? value.slice(value.lastIndexOf('@') + 1)
        : urlHost !== null && !urlHost.startsWith('[') && !/^\d+\.\d+\.\d+\.\d+$/.test(urlHost)
          ? urlHost
          : null;
  const found: number[] = [];
  lists.forEach((l, n) => {
    if (l.appliesTo.length > 0 && !l.appliesTo.includes(t)) return;
    const hit =
      l.matchType === 'cidr'
        ? net !== null &&
          l.entries.some((e) => {
            const range = e.includes('/')
              ? ipaddr.parseCIDR(e)
              : ipaddr.parseCIDR(`${e}/${ipaddr.parse(e).kind() === 'ipv4' ? 32 : 128}`);
            return range[0].kind() === net[0].kind() && range[1] <= net[1] && net[0].match(range);
          })
        : hostName !== null && l.entries.some((e) => hostName === e || hostName.endsWith(`.${e}`));
    if (hit) found.push(n);
  });
  return found;
}

describe('warning-list matcher against a naive model', () => {
  it('flags exactly what the model flags, on random lists and values', () => {
    let flagged = 0;
    for (let round = 0; round < 200; round++) {
      const lists = randomLists();
      const matcher = buildMatcher(lists);
      for (let k = 0; k < 50; k++) {
        const { type, value } = randomValue();
        const expected = modelMatches(lists, type, value);
        expect({ type, value, lists: matcher.matches({ type, value }) }).toEqual({
          type,
          value,
          lists: expected,
        });
        if (expected.length > 0) flagged++;
      }
    }
    // The draws are such that a good share is flagged (the comparison is not vacuous).
    expect(flagged).toBeGreaterThan(500);
  });
});
