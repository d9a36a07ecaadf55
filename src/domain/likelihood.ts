/**
 * ICD 203 likelihood: the speaker's hedge words mapped onto the seven standard expressions. Only wording that
 * states a probability is mapped; "we assess", "believed" or "with high confidence" speak of confidence or belief,
 * not likelihood, and stay *unassessed* rather than being guessed into a bucket.
 */
import { type Likelihood, likelihoodLevels } from './schemas.ts';

/** Each level with its ICD 203 words and probability range, for display. */
export const likelihoodScale: Record<Exclude<Likelihood, 'unassessed'>, { words: string; range: string }> = {
  'almost-no-chance': { words: 'almost no chance', range: '1–5%' },
  'very-unlikely': { words: 'very unlikely', range: '5–20%' },
  unlikely: { words: 'unlikely', range: '20–45%' },
  'roughly-even-chance': { words: 'roughly even chance', range: '45–55%' },
  likely: { words: 'likely', range: '55–80%' },
  'very-likely': { words: 'very likely', range: '80–95%' },
  'almost-certain': { words: 'almost certain', range: '95–99%' },
};

// Longest phrases first, so "highly likely" is not read as "likely" and "very unlikely" not as "unlikely". Besides
// English, the words officials of victim states use most: Norwegian/Danish/Swedish, German and Japanese.
const hedgeLexicon: Array<[RegExp, Likelihood]> = [
  [/\b(almost no chance|remote(ly)? (chance|possibility))\b/, 'almost-no-chance'],
  [/\b(very|highly|extremely) (unlikely|improbable)\b/, 'very-unlikely'],
  [/\b(almost|virtually|nearly) certain(ly)?\b|\bmit an sicherheit grenzender wahrscheinlichkeit\b/, 'almost-certain'],
  [
    /\b(very|highly) (likely|probabl[ey])\b|(høyst|svært|meget|mycket) sannsynlig|(höchst|sehr) wahrscheinlich|mit hoher wahrscheinlichkeit|可能性が(極めて|非常に)?高い/,
    'very-likely',
  ],
  [/\b(roughly )?even (chance|odds)\b|\bas likely as not\b/, 'roughly-even-chance'],
  [/\b(unlikely|improbable|probably not)\b|\busannsynlig|\bunwahrscheinlich/, 'unlikely'],
  [/\b(likely|probabl[ey])\b|\bsannsynlig|\bsannolik|\bwahrscheinlich/, 'likely'],
];

/** Maps hedge words to an ICD 203 level, or `unassessed` when they state no probability. */
export function likelihoodFromHedge(hedge: string | undefined): Likelihood {
  if (hedge === undefined) return 'unassessed';
  const text = hedge.toLowerCase();
  for (const [pattern, level] of hedgeLexicon) if (pattern.test(text)) return level;
  return 'unassessed';
}

/** Higher is more certain; `unassessed` ranks below every stated level. */
export function likelihoodRank(level: Likelihood): number {
  return level === 'unassessed' ? -1 : likelihoodLevels.indexOf(level);
}
