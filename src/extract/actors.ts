/**
 * Turning the phrase a rule found in the accused slot into an actor: a group the store knows, a state body, a state
 * or a phrase built on one ("the Iranian government", "operatives working for the Iranian state"). Phrases that
 * name nobody ("the hacker", "somebody", "official") give no actor.
 */
import type { ActorMention } from './gazetteer-match.ts';
import { findStateMentions, stateName } from './lexicon.ts';

export interface ResolvedActor {
  text: string;
  slug: string | null;
  sponsorState: string | null;
}

export type ActorSlot = ResolvedActor | 'self' | null;

const selfReference =
  /^(his|her|its|our|their|my|the) (own )?(agency|service|country|government|state|ministry|organi[sz]ation|intelligence service|people|nation)$/i;

// Nouns that make a state phrase a state organ, so the state is the sponsor ("the Chinese government").
const stateOrganNoun =
  /\b(government|intelligence|military|army|armed forces|state|structures|services?|agenc(?:y|ies)|ministry|regime|authorities|officials|spies|security service|unit)\b/i;

// Nouns that name perpetrators; with a nationality they are an actor phrase ("a Russian hacking group").
const perpetratorNoun = /\b(hackers?|hacking group|group|gang|crew|operatives|actors?|spies|officers?|unit)\b/i;

const sponsorLink =
  /\b(?:under the direction of|directed by|working for|work for|on behalf of|sponsored by|backed by|controlled by|a unit of|affiliated with|aligned with)\s+[^.;]{0,90}/i;

function clean(np: string): string {
  return np
    .replace(/^[\s“”"‘’',(]+|[\s“”"‘’',)]+$/g, '')
    .replace(/^(that|whether|if)\s+/i, '')
    .replace(/(?:[’']s|[’'])$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The state a phrase says directs the actor, from "working for …", "under the direction of …" and the like. */
export function sponsorIn(text: string): string | null {
  const link = sponsorLink.exec(text);
  const linked = link ? findStateMentions(link[0])[0]?.code : undefined;
  if (linked) return linked;
  // "Chinese state-sponsored hackers", "Iran-backed group"
  const backed =
    /([\p{L}’'.]+(?:\s[\p{L}’'.]+)?)(?:\s+(?:state|government)-|-)(?:sponsored|backed|directed|controlled)\b/u.exec(
      text,
    );
  return backed?.[1] ? (findStateMentions(backed[1]).at(-1)?.code ?? null) : null;
}

/**
 * Resolves `raw` (the accused slot of a rule). `following` is the text after the slot in the same clause, where an
 * appositive may say who directs the actor.
 */
export function resolveActor(raw: string, findActors: (text: string) => ActorMention[], following = ''): ActorSlot {
  const np = clean(raw);
  if (np === '') return null;
  if (selfReference.test(np)) return 'self';
  const known = findActors(np)[0];
  if (known) return { text: known.text, slug: known.slug, sponsorState: sponsorIn(`${np} ${following}`) };
  const head = clean(np.split(/,|\s(?:that|which|who|whose|known as)\s/)[0] ?? np);
  const words = head.split(/\s+/);
  const states = findStateMentions(head);
  const first = states[0];
  if (!first || words.length > 9) return null;
  if (words.length === 1 && first.kind === 'demonym')
    return { text: stateName(first.code), slug: null, sponsorState: first.code };
  // "Pakistan-based hackers" gives a location, not a sponsor.
  const locationOnly = first.kind === 'demonym' || head.includes(`${first.text}-based`);
  const isOrgan =
    !locationOnly || states.some((m) => m.kind === 'body') || stateOrganNoun.test(head) || sponsorIn(head) !== null;
  if (!isOrgan && !perpetratorNoun.test(head)) return null;
  return { text: head, slug: null, sponsorState: isOrgan ? (sponsorIn(head) ?? first.code) : null };
}

/** A person's name at the end of a phrase ("Russian citizen Jane Roe" → "Jane Roe"), for sanctions and charges. */
export function personNameIn(raw: string): string | null {
  const head = clean(raw.split(',')[0] ?? raw);
  const match = /((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s){1,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?)$/.exec(head);
  if (!match?.[1]) return null;
  return findStateMentions(match[1]).length > 0 ? null : match[1];
}
