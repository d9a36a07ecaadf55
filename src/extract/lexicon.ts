/**
 * Built-in knowledge the store does not hold: states and how news names them (names, demonyms, capitals and seats
 * of power used as metonyms), state bodies (ministries, agencies, armed forces) and a few titles that name their
 * state. Proper nouns are matched case-sensitively, as news writes them.
 */
import { countryName } from '../domain/countries.ts';

interface StateEntry {
  code: string;
  names: string[];
  demonyms: string[];
  /** Capitals and seats of power that stand for the government ("Beijing said …", "the Kremlin denied …"). */
  metonyms: string[];
}

const stateEntries: StateEntry[] = [
  {
    code: 'US',
    names: ['United States of America', 'United States', 'U.S.A.', 'USA', 'U.S.', 'US', 'America'],
    demonyms: ['American'],
    metonyms: ['Washington', 'White House', 'Pentagon'],
  },
  {
    code: 'GB',
    names: ['United Kingdom', 'Great Britain', 'Britain', 'U.K.', 'UK'],
    demonyms: ['British'],
    metonyms: ['London', 'Downing Street', 'Whitehall'],
  },
  { code: 'RU', names: ['Russian Federation', 'Russia'], demonyms: ['Russian'], metonyms: ['Moscow', 'Kremlin'] },
  {
    code: 'CN',
    names: ["People's Republic of China", 'People’s Republic of China', 'PRC', 'China'],
    demonyms: ['Chinese'],
    metonyms: ['Beijing', 'Zhongnanhai'],
  },
  {
    code: 'KP',
    names: ["Democratic People's Republic of Korea", 'Democratic People’s Republic of Korea', 'North Korea', 'DPRK'],
    demonyms: ['North Korean'],
    metonyms: ['Pyongyang'],
  },
  { code: 'KR', names: ['South Korea', 'Republic of Korea'], demonyms: ['South Korean'], metonyms: ['Seoul'] },
  { code: 'IR', names: ['Iran'], demonyms: ['Iranian'], metonyms: ['Tehran'] },
  { code: 'JP', names: ['Japan'], demonyms: ['Japanese'], metonyms: ['Tokyo'] },
  { code: 'DE', names: ['Germany'], demonyms: ['German'], metonyms: ['Berlin'] },
  { code: 'FR', names: ['France'], demonyms: ['French'], metonyms: ['Paris', 'Élysée', 'Elysee'] },
  { code: 'UA', names: ['Ukraine'], demonyms: ['Ukrainian'], metonyms: ['Kyiv', 'Kiev'] },
  { code: 'TW', names: ['Taiwan'], demonyms: ['Taiwanese'], metonyms: ['Taipei'] },
  { code: 'IL', names: ['Israel'], demonyms: ['Israeli'], metonyms: [] },
  { code: 'AU', names: ['Australia'], demonyms: ['Australian'], metonyms: ['Canberra'] },
  { code: 'CA', names: ['Canada'], demonyms: ['Canadian'], metonyms: ['Ottawa'] },
  { code: 'NZ', names: ['New Zealand'], demonyms: [], metonyms: ['Wellington'] },
  { code: 'NL', names: ['the Netherlands', 'Netherlands', 'Holland'], demonyms: ['Dutch'], metonyms: ['The Hague'] },
  { code: 'NO', names: ['Norway'], demonyms: ['Norwegian'], metonyms: ['Oslo'] },
  { code: 'SE', names: ['Sweden'], demonyms: ['Swedish'], metonyms: ['Stockholm'] },
  { code: 'DK', names: ['Denmark'], demonyms: ['Danish'], metonyms: ['Copenhagen'] },
  { code: 'FI', names: ['Finland'], demonyms: ['Finnish'], metonyms: ['Helsinki'] },
  { code: 'EE', names: ['Estonia'], demonyms: ['Estonian'], metonyms: ['Tallinn'] },
  { code: 'LV', names: ['Latvia'], demonyms: ['Latvian'], metonyms: ['Riga'] },
  { code: 'LT', names: ['Lithuania'], demonyms: ['Lithuanian'], metonyms: ['Vilnius'] },
  { code: 'PL', names: ['Poland'], demonyms: ['Polish'], metonyms: ['Warsaw'] },
  { code: 'CZ', names: ['Czech Republic', 'Czechia'], demonyms: ['Czech'], metonyms: ['Prague'] },
  { code: 'IT', names: ['Italy'], demonyms: ['Italian'], metonyms: ['Rome'] },
  { code: 'ES', names: ['Spain'], demonyms: ['Spanish'], metonyms: ['Madrid'] },
  { code: 'BE', names: ['Belgium'], demonyms: ['Belgian'], metonyms: [] },
  { code: 'CH', names: ['Switzerland'], demonyms: ['Swiss'], metonyms: ['Bern'] },
  { code: 'AT', names: ['Austria'], demonyms: ['Austrian'], metonyms: ['Vienna'] },
  { code: 'IE', names: ['Ireland'], demonyms: ['Irish'], metonyms: [] },
  { code: 'IN', names: ['India'], demonyms: ['Indian'], metonyms: ['New Delhi'] },
  { code: 'PK', names: ['Pakistan'], demonyms: ['Pakistani'], metonyms: ['Islamabad'] },
  { code: 'VN', names: ['Vietnam', 'Viet Nam'], demonyms: ['Vietnamese'], metonyms: ['Hanoi'] },
  { code: 'AL', names: ['Albania'], demonyms: ['Albanian'], metonyms: ['Tirana'] },
  { code: 'SA', names: ['Saudi Arabia'], demonyms: ['Saudi'], metonyms: ['Riyadh'] },
  { code: 'AE', names: ['United Arab Emirates', 'UAE'], demonyms: ['Emirati'], metonyms: ['Abu Dhabi'] },
  { code: 'TR', names: ['Türkiye', 'Turkey'], demonyms: ['Turkish'], metonyms: ['Ankara'] },
  { code: 'SY', names: ['Syria'], demonyms: ['Syrian'], metonyms: ['Damascus'] },
  { code: 'BY', names: ['Belarus'], demonyms: ['Belarusian'], metonyms: ['Minsk'] },
  { code: 'CR', names: ['Costa Rica'], demonyms: ['Costa Rican'], metonyms: [] },
  { code: 'BD', names: ['Bangladesh'], demonyms: ['Bangladeshi'], metonyms: ['Dhaka'] },
  { code: 'SG', names: ['Singapore'], demonyms: ['Singaporean'], metonyms: [] },
  { code: 'MY', names: ['Malaysia'], demonyms: ['Malaysian'], metonyms: ['Kuala Lumpur'] },
  { code: 'PH', names: ['Philippines', 'the Philippines'], demonyms: ['Filipino', 'Philippine'], metonyms: ['Manila'] },
  { code: 'ID', names: ['Indonesia'], demonyms: ['Indonesian'], metonyms: ['Jakarta'] },
  { code: 'IQ', names: ['Iraq'], demonyms: ['Iraqi'], metonyms: ['Baghdad'] },
];

/** State bodies by name or acronym. `actorLike` bodies are the ones news accuses of operations themselves. */
interface BodyEntry {
  names: string[];
  state: string;
  actorLike: boolean;
}

const bodyEntries: BodyEntry[] = [
  { names: ['Federal Bureau of Investigation', 'FBI'], state: 'US', actorLike: false },
  { names: ['National Security Agency', 'NSA'], state: 'US', actorLike: true },
  { names: ['Cybersecurity and Infrastructure Security Agency', 'CISA'], state: 'US', actorLike: false },
  { names: ['Central Intelligence Agency', 'CIA'], state: 'US', actorLike: true },
  { names: ['Department of Homeland Security', 'Homeland Security', 'DHS'], state: 'US', actorLike: false },
  { names: ['Department of Justice', 'Justice Department', 'DOJ'], state: 'US', actorLike: false },
  { names: ['State Department', 'Department of State'], state: 'US', actorLike: false },
  { names: ['Cyber Command', 'Director of National Intelligence', 'ODNI'], state: 'US', actorLike: false },
  { names: ['National Cyber Security Centre', 'NCSC'], state: 'GB', actorLike: false },
  { names: ['GCHQ', 'MI5', 'MI6', 'Foreign Office', 'FCDO', 'Home Office'], state: 'GB', actorLike: false },
  { names: ['BfV', 'BSI', 'BND', 'Bundesregierung'], state: 'DE', actorLike: false },
  { names: ['ANSSI', 'DGSE'], state: 'FR', actorLike: false },
  { names: ['SVR', 'GRU', 'FSB', 'Main Intelligence Directorate'], state: 'RU', actorLike: true },
  { names: ['Ministry of State Security', 'MSS'], state: 'CN', actorLike: true },
  { names: ["People's Liberation Army", 'People’s Liberation Army', 'PLA'], state: 'CN', actorLike: true },
  { names: ['Reconnaissance General Bureau', 'RGB'], state: 'KP', actorLike: true },
  {
    names: ['Islamic Revolutionary Guard Corps', 'Revolutionary Guards', 'IRGC', 'MOIS'],
    state: 'IR',
    actorLike: true,
  },
  { names: ['Security Service of Ukraine', 'SBU', 'CERT-UA'], state: 'UA', actorLike: false },
  { names: ['National Police Agency', 'NISC'], state: 'JP', actorLike: false },
  { names: ['Australian Signals Directorate', 'ASD', 'ACSC'], state: 'AU', actorLike: false },
  { names: ['Communications Security Establishment', 'CSE'], state: 'CA', actorLike: false },
  { names: ['GCSB'], state: 'NZ', actorLike: false },
  { names: ['AIVD', 'MIVD'], state: 'NL', actorLike: false },
  { names: ['MJIB'], state: 'TW', actorLike: false },
];

/** Titles that only one state uses, so the title alone says whom the speaker speaks for. */
const stateTitles: Array<[string, string]> = [
  ['Chief Cabinet Secretary', 'JP'],
  ['Bundeskanzler', 'DE'],
];

export interface StateMention {
  code: string;
  text: string;
  index: number;
  kind: 'name' | 'demonym' | 'metonym' | 'body' | 'title';
  /** For bodies: whether news accuses the body itself of operations (SVR, PLA) rather than of speaking (FBI). */
  actorLike: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Form {
  text: string;
  code: string;
  kind: StateMention['kind'];
  actorLike: boolean;
}

function allForms(): Form[] {
  const forms: Form[] = [];
  const known = new Set(stateEntries.map((s) => s.code));
  const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const s of stateEntries) {
    for (const text of s.names) forms.push({ text, code: s.code, kind: 'name', actorLike: false });
    for (const text of s.demonyms) forms.push({ text, code: s.code, kind: 'demonym', actorLike: false });
    for (const text of s.metonyms) forms.push({ text, code: s.code, kind: 'metonym', actorLike: false });
  }
  // Every other state by its ICU English name, so a country the table above does not list is still recognised.
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (known.has(code)) continue;
      const name = regionNames.of(code);
      // ICU also answers for withdrawn codes ("SU" → Russia): a name already listed keeps its current code.
      if (
        name &&
        !forms.some((f) => f.text === name) &&
        /^[A-Z][A-Za-z .’'-]+$/.test(name) &&
        name.length > 3 &&
        !/\b(and|Islands?|Outlying)\b/.test(name)
      ) {
        forms.push({ text: name, code, kind: 'name', actorLike: false });
      }
    }
  }
  for (const b of bodyEntries) {
    for (const text of b.names) forms.push({ text, code: b.state, kind: 'body', actorLike: b.actorLike });
  }
  for (const [text, code] of stateTitles) forms.push({ text, code, kind: 'title', actorLike: false });
  return forms.sort((x, y) => y.text.length - x.text.length);
}

const forms = allForms();
const formByText = new Map(forms.map((f) => [f.text, f]));
const statePattern = new RegExp(
  `(?<![\\w.’'-])(${forms.map((f) => escapeRegExp(f.text)).join('|')})(?![\\w]|-(?!based|linked|backed|sponsored|affiliated)|\\.\\w)`,
  'g',
);

/** Every state, state body, capital or state title named in `text`, in order. */
export function findStateMentions(text: string): StateMention[] {
  const mentions: StateMention[] = [];
  for (const match of text.matchAll(statePattern)) {
    const form = formByText.get(match[1] ?? '');
    if (!form) continue;
    // "US" and "UK" are capitals-only acronyms; a word like "US" inside a sentence in capitals is still the state.
    mentions.push({
      code: form.code,
      text: match[1] ?? '',
      index: match.index,
      kind: form.kind,
      actorLike: form.actorLike,
    });
  }
  return mentions;
}

/** The name a briefing uses for a state ("North Korea", "Russia"). */
export function stateName(code: string): string {
  return countryName(code);
}
