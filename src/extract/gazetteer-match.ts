/** Finding the store's actors and incidents in article text, by name and alias. */
import type { Gazetteer } from './types.ts';

export interface ActorMention {
  slug: string;
  text: string;
  index: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Actor names are proper nouns: they match with the case news uses, except names with a digit ("APT28", "apt 28"),
 * which are codes and match in any case. Names shorter than three characters would match too much and are skipped.
 */
export function createActorFinder(gazetteer: Gazetteer): (text: string) => ActorMention[] {
  const exact = new Map<string, string>();
  const folded = new Map<string, string>();
  for (const actor of gazetteer.actors) {
    for (const name of [actor.name, ...actor.aliases]) {
      const trimmed = name.trim();
      if (trimmed.length < 3) continue;
      if (/\d/.test(trimmed)) {
        if (!folded.has(trimmed.toLowerCase())) folded.set(trimmed.toLowerCase(), actor.slug);
      } else if (!exact.has(trimmed)) exact.set(trimmed, actor.slug);
    }
  }
  const build = (names: string[], flags: string) =>
    names.length === 0
      ? null
      : new RegExp(
          `(?<![\\p{L}\\p{N}_-])(${names
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|')})(?![\\p{L}\\p{N}_-])`,
          `gu${flags}`,
        );
  const exactPattern = build([...exact.keys()], '');
  const foldedPattern = build([...folded.keys()], 'i');
  return (text) => {
    const mentions: ActorMention[] = [];
    for (const match of exactPattern ? text.matchAll(exactPattern) : []) {
      const slug = exact.get(match[1] ?? '');
      if (slug !== undefined) mentions.push({ slug, text: match[1] ?? '', index: match.index });
    }
    for (const match of foldedPattern ? text.matchAll(foldedPattern) : []) {
      const slug = folded.get((match[1] ?? '').toLowerCase());
      if (slug !== undefined) mentions.push({ slug, text: match[1] ?? '', index: match.index });
    }
    return mentions.sort((a, b) => a.index - b.index);
  };
}

const stripParenthetical = (s: string) => s.replace(/\s*\([^)]*\)/g, '').trim();

/**
 * The incident an article is about: the one whose titles, aliases and victims it names most often (an alias counts
 * double, a victim or a proper noun of the title once). Names match in any case, since headlines recase them
 * ("Moveit"). Null on a tie.
 */
export function findIncident(text: string, gazetteer: Gazetteer): string | null {
  const haystack = text.toLowerCase();
  const count = (name: string) => {
    const needle = stripParenthetical(name).toLowerCase();
    if (needle.length < 4) return 0;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'gu');
    return (haystack.match(pattern) ?? []).length;
  };
  let best: { slug: string; score: number } | null = null;
  let tie = false;
  for (const incident of gazetteer.incidents) {
    const names = [incident.title, ...incident.aliases];
    const victims = incident.victims.filter((v) => stripParenthetical(v).split(/\s+/).length <= 4);
    // The title's proper nouns ("NASA", "Panda") tell apart incidents that share a victim.
    const titleWords = new Set(stripParenthetical(incident.title).match(/\b[A-Z][\p{L}\p{N}-]{2,}\b/gu) ?? []);
    const titleScore = [...titleWords].filter((w) => new RegExp(`\\b${escapeRegExp(w)}\\b`).test(text)).length;
    const score =
      names.reduce((n, name) => n + 2 * count(name), 0) + victims.reduce((n, v) => n + count(v), 0) + titleScore;
    if (score === 0) continue;
    if (!best || score > best.score) {
      best = { slug: incident.slug, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return best && !tie ? best.slug : null;
}
