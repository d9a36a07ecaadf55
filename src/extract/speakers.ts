/**
 * Who speaks in an article: the people named with a title ("Foreign Ministry spokesman Li Ming", "the agency's
 * director, Jane Roe"), the state each speaks for, and how the text refers to them later ("Li said", "she said").
 * Also resolves a sentence's subject phrase to a claimant: a person, a state, a state body or a named organisation.
 */
import { findStateMentions, type StateMention } from './lexicon.ts';

export interface Person {
  name: string;
  role: string;
  state: string | null;
  /** A state body the person heads or speaks for, when news accuses that body itself ("SVR"). */
  body: string | null;
  /** Where the text names the person (full name or one part of it), in order. */
  mentions: number[];
}

export interface Claimant {
  claimant: string;
  state: string | null;
  /** The body (or failing that the state) the claimant belongs to, used for "his agency", "our country". */
  body: string | null;
  person: Person | null;
}

const titleWords =
  /^(spokes(?:man|woman|person)|director|chief|minister|secretary|counsel+or|counselor|ambassador|president|chancellor|premier|official|envoy|analyst|researcher|head|commissioner|advis[eo]r|leader|general|prosecutor|attorney|spokespeople|representative|deputy|chairman|chairwoman|chair|mayor|governor|senator|lawmaker|investigator|expert)$/i;

// Words that make a speaker private rather than a state's voice: companies, researchers, the press.
const privateSpeaker =
  /\b(firm|firms|company|companies|vendor|vendors|researchers?|analysts?|experts?|cyber ?intelligence|threat intelligence|news agency|newspaper|television|broadcaster|operators?|utility|utilities|university|hospital|airport|(?<!central |national |reserve )bank|insurer|retailer|manufacturer|provider|Microsoft|Google|Mandiant|CrowdStrike|Kaspersky|ESET|Symantec|Inc|Ltd|Corp|LLC|GmbH)\b/;

// Nouns whose state the text gave earlier ("the ministry", "the government", "police").
const anaphoricHeads =
  /\b(ministry|government|agency|service|mission|embassy|police|authorities|officials?|prosecutors?|spokes(?:man|woman|person)|administration|cabinet|investigators|minister|ambassador|president|office)\b/i;

const capitalisedWord = /^[A-Z][\p{L}’'.-]*$|^[a-z]+[A-Z][\p{L}]*$/u;
const nameWord = /^[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?$/;
const roleStop = new Set([
  'said',
  'says',
  'told',
  'and',
  'by',
  'to',
  'with',
  'for',
  'from',
  'that',
  'who',
  'is',
  'was',
  'in',
  'on',
  'at',
  'the',
  'The',
  'a',
  'an',
  'A',
  'An',
  'as',
  'while',
]);

export interface SpeakerIndex {
  persons: Person[];
  datelineState: string | null;
  /** The last person named before `position`, for "he said" and for quotations that continue a paragraph. */
  lastSpeakerBefore(position: number): Person | null;
  resolve(phrase: string, position: number, atSentenceStart: boolean): Claimant | null;
}

interface Token {
  word: string;
  index: number;
  /** The token closes a sentence ("decades."), unlike an abbreviation ("U.S."). */
  endsSentence: boolean;
}

function tokensWithIndex(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}’'.()-]*|[,.;:“”"—–\n]/gu)].map((m) => ({
    word: m[0].replace(/[.]$/, ''),
    index: m.index,
    endsSentence: /\p{Ll}{2,}[.]$/u.test(m[0]),
  }));
}

export function firstState(mentions: StateMention[]): StateMention | undefined {
  return mentions[0];
}

function roleBefore(tokens: Token[], end: number): string[] {
  const role: string[] = [];
  for (let i = end; i >= 0 && role.length < 6; i--) {
    const word = tokens[i]?.word ?? '';
    if (/^[,.;:“”"—–\n]$/.test(word) || roleStop.has(word) || tokens[i]?.endsSentence) break;
    role.unshift(word);
  }
  return role;
}

export function buildSpeakerIndex(text: string, datelineState: string | null): SpeakerIndex {
  const tokens = tokensWithIndex(text);
  const persons: Person[] = [];
  const byPart = new Map<string, Person>();

  const stateBefore = (head: string, position: number): string | null => {
    // The last time the text named this kind of body together with its state ("the Russian Foreign Ministry").
    const pattern = new RegExp(`\\b${head}\\b`, 'gi');
    let found: string | null = null;
    for (const match of text.slice(0, position).matchAll(pattern)) {
      // Only the words of the same phrase: back to the nearest punctuation.
      const before = text.slice(Math.max(0, match.index - 40), match.index);
      const phrase = before.slice(before.search(/[^.,;:\n]*$/)) + match[0];
      const state = findStateMentions(phrase).at(-1);
      if (state) found = state.code;
    }
    return found;
  };

  const placeBefore = (position: number): string | null => {
    const before = text.slice(Math.max(0, position - 160), position);
    const sentence = before.slice(before.search(/[^.!?\n]*$/));
    const places = [...sentence.matchAll(/\b(?:in|from)\s+((?:the\s+)?[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)?)/gu)];
    const place = places.at(-1)?.[1];
    const mention = place ? findStateMentions(place)[0] : undefined;
    return mention && mention.kind !== 'demonym' ? mention.code : null;
  };

  const stateOfPhrase = (phrase: string, position: number): { state: string | null; body: string | null } => {
    if (privateSpeaker.test(phrase)) return { state: null, body: null };
    const mentions = findStateMentions(phrase);
    const first = firstState(mentions);
    const body = mentions.find((m) => m.kind === 'body' && m.actorLike)?.text ?? null;
    if (first) return { state: first.code, body };
    const head = anaphoricHeads.exec(phrase);
    // "At a briefing in Beijing, the foreign ministry spokesman said": the place the sentence gives comes before
    // earlier mentions of the same kind of body and before the dateline, which is where the reporter is.
    if (head)
      return { state: placeBefore(position) ?? stateBefore(head[1] ?? '', position) ?? datelineState, body: null };
    return { state: null, body: null };
  };

  // Runs of capitalised words; a person is a run of two or three name words after a title.
  let i = 0;
  while (i < tokens.length) {
    if (!capitalisedWord.test(tokens[i]?.word ?? '')) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length && capitalisedWord.test(tokens[j + 1]?.word ?? '')) j++;
    const run = tokens.slice(i, j + 1);
    let lastTitle = -1;
    run.forEach((t, k) => {
      if (titleWords.test(t.word)) lastTitle = k;
    });
    const nameTokens = run.slice(lastTitle + 1).filter((t) => nameWord.test(t.word));
    const nameStart = i + lastTitle + 1;
    const roleWords: string[] = [];
    if (lastTitle >= 0) roleWords.push(...roleBefore(tokens, i - 1), ...run.slice(0, lastTitle + 1).map((t) => t.word));
    else if (titleWords.test(tokens[i - 1]?.word ?? '')) roleWords.push(...roleBefore(tokens, i - 1));
    else if (tokens[i - 1]?.word === ',') {
      // "the ministry's spokeswoman, Maria Roe," — a title within the four words before the comma.
      const before = roleBefore(tokens, i - 2);
      if (before.slice(-4).some((w) => titleWords.test(w))) roleWords.push(...before);
    }
    if (roleWords.length > 0 && nameTokens.length >= 2 && nameTokens.length <= 3 && nameStart <= j) {
      const name = nameTokens.map((t) => t.word).join(' ');
      const role = roleWords.join(' ');
      const position = tokens[nameStart]?.index ?? 0;
      const existing = byPart.get(name);
      if (!existing) {
        const person: Person = { name, role, ...stateOfPhrase(role, position), mentions: [] };
        persons.push(person);
        for (const part of [name, nameTokens.at(-1)?.word ?? '', nameTokens[0]?.word ?? ''])
          if (part && !byPart.has(part)) byPart.set(part, person);
      }
    }
    i = j + 1;
  }

  const partPattern =
    byPart.size === 0
      ? null
      : new RegExp(
          `(?<![\\p{L}])(${[...byPart.keys()].sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])`,
          'gu',
        );
  const mentionList: Array<{ index: number; person: Person }> = [];
  for (const match of partPattern ? text.matchAll(partPattern) : []) {
    const person = byPart.get(match[1] ?? '');
    if (person) {
      person.mentions.push(match.index);
      mentionList.push({ index: match.index, person });
    }
  }

  const lastSpeakerBefore = (position: number): Person | null => {
    let last: Person | null = null;
    for (const m of mentionList) if (m.index < position) last = m.person;
    return last;
  };

  const personIn = (phrase: string): Person | null => {
    if (!partPattern) return null;
    for (const match of phrase.matchAll(partPattern)) {
      const person = byPart.get(match[1] ?? '');
      if (person) return person;
    }
    return null;
  };

  const resolve = (raw: string, position: number, atSentenceStart: boolean): Claimant | null => {
    const phrase = raw
      .replace(/^[\s,“”"‘’']+|[\s,“”"‘’']+$/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (phrase === '' || phrase.length > 140) return null;
    if (/^(he|she)$/i.test(phrase)) {
      const person = lastSpeakerBefore(position);
      return person
        ? { claimant: `${person.role} ${person.name}`, state: person.state, body: person.body, person }
        : null;
    }
    if (/^(they|it|we|i|this|that|these|those|there)$/i.test(phrase)) return null;
    const display = phrase.split(/,\s+(?:a|an|the)\s/)[0]?.trim() ?? phrase;
    const person = personIn(phrase);
    if (person) {
      const privateVoice = privateSpeaker.test(phrase);
      // "Li said": the reviewer sees who Li is.
      const bare = !phrase.includes(person.name) && phrase.split(' ').length === 1;
      return {
        claimant: bare ? `${person.role} ${person.name}` : display,
        state: privateVoice ? null : (person.state ?? stateOfPhrase(phrase, position).state),
        body: privateVoice ? null : person.body,
        person,
      };
    }
    const { state, body } = stateOfPhrase(phrase, position);
    if (state || body) return { claimant: display, state, body: body ?? null, person: null };
    if (privateSpeaker.test(phrase) || anaphoricHeads.test(phrase))
      return { claimant: display, state: null, body: null, person: null };
    // A named organisation: a capitalised word that is not merely the first word of the sentence.
    const words = phrase.split(/\s+/);
    const named = words.some((w, k) => (k > 0 || !atSentenceStart) && capitalisedWord.test(w));
    return named ? { claimant: display, state: null, body: null, person: null } : null;
  };

  return { persons, datelineState, lastSpeakerBefore, resolve };
}
