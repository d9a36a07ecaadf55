/**
 * Names as sources write them: keys that make spelling variants of one alias meet, slugs, sponsor units that
 * sources store as aliases, packed initiator strings, country names, dates. Pure functions, shared by importers and
 * the store's merge.
 */
import { editDistance } from '../search/normalize.ts';

/** Letters and digits only, lower case, accents removed: "RedBaldKnight" and "REDBALDKNIGHT" → "redbaldknight". */
export function aliasKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const digitsOf = (key: string) => key.replace(/\D+/g, '');

/**
 * Two keys that are one alias spelled two ways ("redbaldknight" / "rebaldknight" / "redbaldnight"): long enough to be
 * distinctive, one edit apart, and the same digits (so "apt28" and "apt29" stay apart).
 */
export function isSpellingVariant(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min([...a].length, [...b].length) < 8) return false;
  if (digitsOf(a) !== digitsOf(b)) return false;
  return editDistance(a, b, 1) <= 1;
}

/** A slug from any text: lower-case words joined by hyphens, at most `max` characters, never empty. */
export function slugify(value: string, max = 60, fallback = 'record'): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return slug === '' ? fallback : slug;
}

/** Non-breaking spaces, real (U+00A0) or written out as the four characters `\xa0`, become plain spaces. */
export function cleanText(value: string): string {
  return value
    .replace(/\\xa0/g, ' ')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * A sponsor unit that sources list as an alias ("PLA Unit 61419", "PLA Navy", "Bureau 121", "Unit 121"): returns it
 * as a sponsor, or undefined for an ordinary alias.
 */
export function sponsorUnitOf(name: string): { name: string; partOf?: string; state?: string } | undefined {
  const clean = cleanText(name);
  const pla = /^(?:PLA|People's Liberation Army)[ ,]+(Unit \d{4,6}|Navy|Air Force|Army)$/i.exec(clean);
  if (pla) return { name: `PLA ${pla[1]}`, partOf: 'PLA', state: 'CN' };
  if (/^(?:Unit|Bureau) \d{2,6}$/i.test(clean)) return { name: clean };
  return undefined;
}

/** An ATT&CK group id ("G0060"). */
export const isAttackGroupId = (name: string): boolean => /^G\d{4}$/.test(name.trim());

/** Values that mean "nothing here" in the CSV sources. */
export function isPlaceholder(value: string | undefined): boolean {
  if (value === undefined) return true;
  const v = cleanText(value).toLowerCase();
  return v === '' || v === 'not available' || v === 'unknown' || v === 'n/a' || v === 'none' || v === 'nan';
}

/**
 * A packed initiator string as EuRepoC writes it — "Tick/BRONZE BUTLER/REBALDKNIGHT/G0060 (PLA, Unit 61419)" — as
 * its names and the sponsor in brackets, if any.
 */
export function unpackInitiator(value: string): { names: string[]; sponsor?: { name: string; partOf?: string } } {
  const clean = cleanText(value);
  const bracket = /\(([^()]*)\)\s*$/.exec(clean);
  const head = bracket ? clean.slice(0, bracket.index).trim() : clean;
  const names = head
    .split(/\s*\/\s*/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  let sponsor: { name: string; partOf?: string } | undefined;
  if (bracket?.[1]) {
    const inner = bracket[1].replace(/\s*,\s*/g, ' ').trim();
    const unit = sponsorUnitOf(inner);
    if (unit) sponsor = { name: unit.name, ...(unit.partOf ? { partOf: unit.partOf } : {}) };
  }
  return { names, ...(sponsor ? { sponsor } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Countries

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

let countryIndex: Map<string, string> | undefined;

/** Names sources use that ICU's English names do not match. */
const countryAliases: Record<string, string> = {
  'russian federation': 'RU',
  russia: 'RU',
  "korea (democratic people's republic of)": 'KP',
  "korea, democratic people's republic of": 'KP',
  'north korea': 'KP',
  'korea (republic of)': 'KR',
  'korea, republic of': 'KR',
  'south korea': 'KR',
  'iran (islamic republic of)': 'IR',
  'iran, islamic republic of': 'IR',
  iran: 'IR',
  'united states of america': 'US',
  'united states': 'US',
  usa: 'US',
  us: 'US',
  'united kingdom': 'GB',
  uk: 'GB',
  'united kingdom of great britain and northern ireland': 'GB',
  'syrian arab republic': 'SY',
  'viet nam': 'VN',
  vietnam: 'VN',
  'palestine, state of': 'PS',
  'taiwan, province of china': 'TW',
  'the philippines': 'PH',
  'moldova, republic of': 'MD',
  'venezuela (bolivarian republic of)': 'VE',
  'bolivia (plurinational state of)': 'BO',
  'tanzania, united republic of': 'TZ',
  "lao people's democratic republic": 'LA',
  turkey: 'TR',
  türkiye: 'TR',
  'czech republic': 'CZ',
};

function buildCountryIndex(): Map<string, string> {
  const index = new Map<string, string>(Object.entries(countryAliases));
  for (const a of letters) {
    for (const b of letters) {
      const code = `${a}${b}`;
      let name: string | undefined;
      try {
        name = regionNames.of(code);
      } catch {
        name = undefined;
      }
      if (name && name !== code && !index.has(name.toLowerCase())) index.set(name.toLowerCase(), code);
    }
  }
  return index;
}

/** "Russian Federation" → "RU", "Korea (Democratic People's Republic of)" → "KP"; undefined when not a country. */
export function countryCodeOf(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  countryIndex ??= buildCountryIndex();
  const clean = cleanText(name).toLowerCase();
  if (/^[a-z]{2}$/.test(clean) && regionNames.of(clean.toUpperCase()) !== clean.toUpperCase()) {
    return clean.toUpperCase();
  }
  return countryIndex.get(clean);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

/** "2016-01-01" from a source that codes year-only dates as 1 January → "2016"; other full dates kept. */
export function yearCodedDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (!m) return /^\d{4}$/.test(v) ? v : undefined;
  return m[2] === '01' && m[3] === '01' ? m[1] : `${m[1]}-${m[2]}-${m[3]}`;
}

/** "4/19/2021" (US, unpadded) → "2021-04-19". */
export function usDate(value: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (!m) return undefined;
  const [, month, day, year] = m;
  const iso = `${year}-${month?.padStart(2, '0')}-${day?.padStart(2, '0')}`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

/** A STIX timestamp to the date part ("2019-09-01T04:00:00.000Z" → "2019-09-01"). */
export function isoDay(timestamp: string | undefined): string | undefined {
  if (timestamp === undefined) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(timestamp);
  return m ? m[1] : undefined;
}

/** Short stable hash of a string, for ids built from several fields. */
export function shortHash(value: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).slice(0, 10);
}

/** First `max` characters of a text, cut at a word and marked with an ellipsis. */
export function clipText(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
