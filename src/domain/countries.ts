/** Country names from ISO 3166-1 codes, using the ICU data built into Node rather than a hand-kept table. */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

// ICU's English names for a few states differ from the ones used in news and briefings.
const shortNames: Record<string, string> = { KP: 'North Korea', KR: 'South Korea', RU: 'Russia' };

// States that news writes attributively ("the US government") rather than with a possessive.
const attributiveNames: Record<string, string> = { US: 'the US', GB: 'the UK' };

/** "JP" → "Japan", "KP" → "North Korea"; an unknown code is returned as it is. */
export function countryName(code: string): string {
  return shortNames[code] ?? regionNames.of(code) ?? code;
}

/** The country before a noun: "Japan’s government", "China’s PLA", but "the US government". */
export function countryPossessive(code: string): string {
  const attributive = attributiveNames[code];
  if (attributive) return attributive;
  const name = countryName(code);
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}
