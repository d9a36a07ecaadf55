/** Country names from ISO 3166-1 codes, using the ICU data built into Node rather than a hand-kept table. */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

// ICU's English names for a few states differ from the ones used in news and briefings.
const shortNames: Record<string, string> = { KP: 'North Korea', KR: 'South Korea', RU: 'Russia', US: 'the US' };

/** "JP" → "Japan", "KP" → "North Korea"; an unknown code is returned as it is. */
export function countryName(code: string): string {
  return shortNames[code] ?? regionNames.of(code) ?? code;
}

/** The same name without a leading article, for lists and search ("US" rather than "the US"). */
export function countryLabel(code: string): string {
  return code === 'US' ? 'United States' : countryName(code);
}

/** "Japan's", "the US's" → "US" possessive for a verdict line. */
export function countryPossessive(code: string): string {
  const name = countryName(code);
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}
