/**
 * The speaker's hedge words, verbatim, near the rule that fired. Probability words map to an ICD 203 level through
 * the shared lexicon; words of belief or evidence ("we believe", "has determined") are kept verbatim and stay
 * unassessed there.
 */
const hedgePattern =
  /\b(almost certainly|(?:could|can|cannot|could not|can't|couldn't) (?:not )?rule out|almost certain|virtually certain|highly likely|very likely|most likely|highly probable|likely|probably|possibly|may have been|may have|might have been|might be|could have been|could be|(?:is|are|was|were) certain|with (?:high|moderate|low) confidence|high confidence|(?:we|they|it) (?:assess(?:es)?|believe|judge)|assess(?:es|ed)|believes?|believed|(?:have|has|had) suspected|suspect(?:s|ed)?|allegedly|alleged|(?:has|have|had) determined|(?:has|have|had) (?:evidence|proof)|enough information to conclude|leaning toward \w+|resolutely|categorically|firmly|flatly|repeatedly|routinely|suggested|no doubt)\b/gi;

/** The hedge phrase nearest to `index` within `text`, or null. */
export function findHedge(text: string, index: number): string | null {
  let best: { phrase: string; distance: number } | null = null;
  for (const match of text.matchAll(hedgePattern)) {
    const phrase = match[0];
    const distance = Math.min(Math.abs(match.index - index), Math.abs(match.index + phrase.length - index));
    if (!best || distance < best.distance) best = { phrase, distance };
  }
  return best?.phrase ?? null;
}
