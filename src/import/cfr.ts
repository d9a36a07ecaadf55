/**
 * CFR Cyber Operations Tracker CSV exports. Incident rows become incidents, each with its suspected state sponsor as
 * a claim by CFR; actor-profile rows (Title = actor name, "Also known as …") become actors. A row whose `Type` is not
 * one of CFR's types has slid into the wrong columns (the 2023 export has a few): it is counted and skipped, not
 * guessed at. CFR publishes no open licence: use these files for tests, never ship them.
 */
import { z } from 'zod';
import { countryName } from '../domain/countries.ts';
import { readCsv } from './csv.ts';
import { cleanText, clipText, countryCodeOf, isPlaceholder, shortHash, slugify, usDate } from './names.ts';
import {
  type ActorRecord,
  countSkipped,
  type ImportBatch,
  type ImportRecord,
  importedActorSchema,
  importedClaimSchema,
  importedIncidentSchema,
  parseAt,
} from './types.ts';

export const cfrColumns = ['Title', 'Date', 'Affiliations', 'Description', 'Response', 'Victims', 'Sponsor', 'Type'];
const cfrTypes = new Set([
  '',
  'espionage',
  'sabotage',
  'denial of service',
  'data destruction',
  'financial theft',
  'doxing',
  'defacement',
]);

const rowSchema = z.looseObject({
  Title: z.string().trim().min(1, 'a row needs a title').max(1000),
  Date: z.string().max(40),
  Affiliations: z.string().max(20_000),
  Description: z.string().max(100_000),
  Victims: z.string().max(20_000),
  Sponsor: z.string().max(2000),
  Type: z.string().max(4000),
  Category: z.string().max(2000).optional(),
});

const speaker = {
  organization: 'Council on Foreign Relations (Cyber Operations Tracker)',
  kind: 'researcher',
  onRecord: true,
} as const;

/** "China, Russian Federation" and "Palestine, State of" alike: the longest run of pieces that is a country. */
export function splitCountries(value: string): string[] {
  const pieces = cleanText(value)
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const out: string[] = [];
  for (let i = 0; i < pieces.length; ) {
    let taken = 1;
    for (let j = pieces.length; j > i; j--) {
      if (countryCodeOf(pieces.slice(i, j).join(', '))) {
        taken = j - i;
        break;
      }
    }
    out.push(pieces.slice(i, i + taken).join(', '));
    i += taken;
  }
  return out;
}

const incidentTitle =
  /^(targeting|compromise|attack|theft|disruption|denial|distributed|hack|leak|breach|espionage|alleged|use of|sabotage|deployment|defacement|doxing|data|intrusion|campaign|operation|cyber|ddos|ransomware)/i;

/** "Also known as Tick and RedBaldKnight." → ["Tick", "RedBaldKnight"]. */
function akaNames(affiliations: string): string[] {
  const m = /also known as\s*(.*)$/i.exec(cleanText(affiliations).replace(/\?+/g, ' '));
  if (!m?.[1]) return [];
  return (
    m[1]
      .split(/\.\s/)[0]
      ?.replace(/\.$/, '')
      .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
      .map((n) => n.replace(/^the\s+/i, '').trim())
      .filter((n) => n !== '' && n.length <= 80) ?? []
  );
}

/** The one group an incident row names, if it names exactly one ("Tick"; not "APT 17 and Bronze Butler"). */
function affiliationName(affiliations: string): string | undefined {
  const v = cleanText(affiliations)
    .replace(/\?+/g, ' ')
    .replace(/^(believed to be the work of|unknown, suspected|suspected)\s+/i, '')
    .replace(/\.$/, '')
    .trim();
  if (v === '' || /\b(and|or|unknown|government|believed)\b|,|;/i.test(v) || v.length > 60) return undefined;
  return v;
}

export function importCfr(text: string, file: string): ImportBatch {
  const table = readCsv(text, file);
  const records: ImportRecord[] = [];
  const skipped = new Map<string, number>();
  const seen = new Map<string, number>();
  const source = { publisher: 'Council on Foreign Relations', title: 'Cyber Operations Tracker' };

  // The exports carry no version; the newest date in the file stands for it, so an older snapshot imported after a
  // newer one does not undo it (the 2021 and 2023 exports share most rows).
  const version =
    table.rows
      .map(({ values }) => usDate(values.Date ?? '') ?? '')
      .sort()
      .at(-1) ?? '';
  for (const { index, values } of table.rows) {
    const row = parseAt(rowSchema, values, file, { index, id: values.Title?.slice(0, 60) });
    const title = clipText(cleanText(row.Title), 300);
    if (!cfrTypes.has(cleanText(row.Type).toLowerCase())) {
      countSkipped(skipped, 'row (columns slid: Type is not a CFR type)');
      continue;
    }
    const base = `${cleanText(row.Title)}|${row.Date.trim()}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const originalId = `row:${base}${n > 1 ? `#${n}` : ''}`;
    const at = { index, id: title.slice(0, 60) };
    const sponsors = isPlaceholder(row.Sponsor) ? [] : splitCountries(row.Sponsor);
    const affiliations = cleanText(row.Affiliations);
    const profile =
      /^also known as\b/i.test(affiliations) ||
      (cleanText(row.Type) === '' && !incidentTitle.test(title) && title.split(/\s+/).length <= 4);

    if (profile) {
      const aliases = [title, ...akaNames(affiliations)];
      const actor: ActorRecord = {
        originalId,
        objectType: 'actor profile',
        ...(version ? { version } : {}),
        index,
        kind: 'actor',
        status: 'live',
        distinct: false,
        actor: parseAt(
          importedActorSchema,
          {
            name: clipText(title, 200),
            kind: 'unknown',
            ...(row.Description.trim() ? { sourceDescription: cleanText(row.Description) } : {}),
            aliases: [...new Set(aliases)].map((name) => ({ name: clipText(name, 200) })),
            keys: [],
          },
          file,
          at,
        ),
      };
      records.push(actor);
      sponsors.forEach((name, k) => {
        const code = countryCodeOf(name);
        records.push({
          originalId: `${originalId}#sponsor-${k}`,
          objectType: 'actor profile (sponsor)',
          ...(version ? { version } : {}),
          index,
          kind: 'claim',
          owner: { actor: originalId },
          about: { originalId },
          claim: parseAt(
            importedClaimSchema,
            {
              id: `cfr-${shortHash(originalId)}-sponsor${k === 0 ? '' : `-${k + 1}`}`,
              speaker,
              stance: 'attributes',
              subject: code ? { state: code } : { sponsor: { name: clipText(name, 160) } },
              statement: `CFR's Cyber Operations Tracker names ${code ? countryName(code) : name} as the suspected state sponsor of ${title}.`,
              confidence: { hedge: 'suspected' },
              source: { ...source, title: clipText(`Cyber Operations Tracker: ${title}`, 300) },
            },
            file,
            { ...at, prefix: 'Sponsor' },
          ),
          flags: [],
        });
      });
      continue;
    }

    const date = usDate(row.Date);
    if (date === undefined) {
      countSkipped(skipped, 'row (no date)');
      continue;
    }
    const victims = isPlaceholder(row.Victims)
      ? []
      : [
          {
            name: clipText(cleanText(row.Victims), 200),
            ...(countryCodeOf(row.Victims) ? { country: countryCodeOf(row.Victims) } : {}),
          },
        ];
    const description = cleanText(row.Description);
    records.push({
      originalId,
      objectType: 'incident row',
      ...(version ? { version } : {}),
      index,
      kind: 'incident',
      status: 'live',
      incident: parseAt(
        importedIncidentSchema,
        {
          slugHint: `cfr-${date}-${slugify(title, 50, 'incident')}`,
          title,
          aliases: [],
          period: { start: date },
          victims,
          summary: description
            ? `The CFR Cyber Operations Tracker's description: “${clipText(description, 1400)}”`
            : 'Listed in the CFR Cyber Operations Tracker without a description.',
          status: [],
          related: [],
          ...(description ? { sourceDescription: description } : {}),
        },
        file,
        at,
      ),
    });
    const group = affiliationName(affiliations);
    const hedge = /believed|suspected/i.exec(affiliations)?.[0]?.toLowerCase();
    const claimsOf = sponsors.length > 0 ? sponsors : group ? [undefined] : [];
    claimsOf.forEach((name, k) => {
      const code = name ? countryCodeOf(name) : undefined;
      const blamed = [group, name ? `${code ? countryName(code) : name} as the suspected state sponsor` : undefined]
        .filter((s) => s !== undefined)
        .join(', with ');
      records.push({
        originalId: `${originalId}#claim-${k}`,
        objectType: 'incident row (sponsor)',
        ...(version ? { version } : {}),
        index,
        kind: 'claim',
        owner: { incident: originalId },
        ...(group ? { about: { names: [group] } } : {}),
        claim: parseAt(
          importedClaimSchema,
          {
            id: `cfr-${shortHash(originalId)}${k === 0 ? '' : `-${k + 1}`}`,
            speaker,
            stance: 'attributes',
            subject: name ? (code ? { state: code } : { sponsor: { name: clipText(name, 160) } }) : {},
            statement: clipText(`CFR's Cyber Operations Tracker names ${blamed}.`, 1000),
            confidence: { hedge: hedge ?? 'suspected' },
            ...(affiliations ? { basisDetail: clipText(`CFR affiliation: ${affiliations}`, 600) } : {}),
            source: { ...source, title: clipText(`Cyber Operations Tracker: ${title}`, 300) },
          },
          file,
          { ...at, prefix: 'Sponsor' },
        ),
        flags: [],
      });
    });
  }
  return {
    file,
    format: 'cfr',
    source: { key: 'cfr', label: 'CFR Cyber Operations Tracker' },
    ...(version ? { fileVersion: version } : {}),
    objectCount: table.rows.length,
    records: [
      ...records.filter((r) => r.kind === 'actor'),
      ...records.filter((r) => r.kind === 'incident'),
      ...records.filter((r) => r.kind === 'claim'),
    ],
    skipped,
    notes: ['CFR publishes no open licence: CFR data is for tests and evaluation only, never to be shipped.'],
  };
}
