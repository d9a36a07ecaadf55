/**
 * EuRepoC Global Database and Attribution dataset (CSV): the Global Database gives incidents and their receivers
 * (victims); the Attribution dataset gives one claim per attribution row — attributing actor or country, basis, type
 * and date — attached to its incident. "Contested attribution" rows are kept and flagged. The flattened attribution
 * columns of the Global Database are not used: the Attribution dataset is the reliable one (the README counts 227
 * incidents where they disagree). Python-list cells, `\xa0` (escaped or real), float ids and year-only dates coded
 * as 1 January are handled here.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { countryName } from '../domain/countries.ts';
import type { ClaimBasis, SpeakerKind } from '../domain/schemas.ts';
import { listCell, readCsv } from './csv.ts';
import {
  aliasKey,
  cleanText,
  clipText,
  countryCodeOf,
  isAttackGroupId,
  isPlaceholder,
  slugify,
  sponsorUnitOf,
  unpackInitiator,
  yearCodedDate,
} from './names.ts';
import {
  type ActorRecord,
  countSkipped,
  type ImportBatch,
  ImportError,
  type ImportRecord,
  importedActorSchema,
  importedClaimSchema,
  importedIncidentSchema,
  parseAt,
} from './types.ts';

export const eurepocIncidentColumns = ['ID', 'name', 'description', 'start_date', 'end_date', 'receiver_country'];
export const eurepocAttributionColumns = [
  'incident_ID',
  'attribution_ID',
  'attribution_date',
  'attribution_type',
  'attribution_basis',
  'attributing_actor',
  'attribution_it_company',
  'attributing_country',
  'attributed_initiator',
  'attributed_initiator_country',
  'attributed_initiator_category',
];
export const eurepocReceiverColumns = ['ID', 'receiver_country', 'receiver_region', 'receiver_name'];

const source = { key: 'eurepoc', label: 'EuRepoC' };
const floatId = z.string().regex(/^\d+(\.0+)?$/, 'expected an id such as "956" or "8664.0"');
const dateCell = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected YYYY-MM-DD')]);
const cell = (max: number) => z.string().max(max);

const incidentRowSchema = z.looseObject({
  ID: floatId,
  name: z.string().trim().min(1, 'an incident needs a name').max(1000),
  description: cell(100_000),
  start_date: dateCell,
  end_date: dateCell,
  receiver_country: cell(20_000),
  receiver_name: cell(50_000).optional(),
  receiver_category: cell(50_000).optional(),
});

const attributionRowSchema = z.looseObject({
  incident_ID: floatId,
  attribution_ID: z.union([z.literal(''), floatId]),
  attribution_date: dateCell,
  attribution_type: cell(1000),
  attribution_basis: cell(1000),
  attributing_actor: cell(1000),
  attribution_it_company: cell(1000),
  attributing_country: cell(1000),
  attributed_initiator: cell(2000),
  attributed_initiator_country: cell(1000),
  attributed_initiator_category: cell(1000),
});

const intId = (value: string) => String(Number.parseInt(value, 10));
/** The version in the file name ("EuRepoC_Global_Database_1.1.csv" → "1.1"). */
const versionOf = (file: string) => /_(\d+(?:\.\d+)*)\.csv$/i.exec(basename(file))?.[1];

export function importEurepocIncidents(text: string, file: string): ImportBatch {
  const table = readCsv(text, file);
  const version = versionOf(file);
  const records: ImportRecord[] = [];
  const skipped = new Map<string, number>();
  for (const { index, values } of table.rows) {
    const row = parseAt(incidentRowSchema, values, file, { index, id: values.ID });
    const id = intId(row.ID);
    const start = yearCodedDate(row.start_date) ?? yearCodedDate(row.end_date);
    if (start === undefined) {
      countSkipped(skipped, 'incident (no start or end date)');
      continue;
    }
    const end = row.start_date ? yearCodedDate(row.end_date) : undefined;
    const countries = listCell(row.receiver_country)
      .map(cleanText)
      .filter((c) => !isPlaceholder(c));
    const codes = [...new Set(countries.map((c) => countryCodeOf(c)).filter((c): c is string => c !== undefined))];
    const names = [
      ...new Set(
        listCell(row.receiver_name ?? '')
          .map(cleanText)
          .filter((n) => !isPlaceholder(n)),
      ),
    ];
    const sectors = listCell(row.receiver_category ?? '')
      .map(cleanText)
      .filter((s) => !isPlaceholder(s));
    const sector = sectors[0] ? clipText(sectors[0], 80) : undefined;
    const victims =
      names.length > 0
        ? names.slice(0, 50).map((name) => ({
            name: clipText(name, 200),
            ...(codes.length === 1 ? { country: codes[0] } : {}),
          }))
        : codes.slice(0, 50).map((code) => ({
            name: `Receivers in ${countryName(code)} (not named by EuRepoC)`,
            country: code,
            ...(sector ? { sector } : {}),
          }));
    const description = cleanText(row.description);
    const incident = parseAt(
      importedIncidentSchema,
      {
        slugHint: `eurepoc-${id}-${slugify(cleanText(row.name), 50, 'incident')}`,
        title: clipText(cleanText(row.name), 300),
        aliases: [],
        period: { start, ...(end && end >= start ? { end } : {}) },
        victims,
        summary: description
          ? `EuRepoC's description: “${clipText(description, 1400)}”`
          : `Incident ${id} in the EuRepoC Global Database; EuRepoC gives no description.`,
        status: [],
        related: [],
        ...(description ? { sourceDescription: description } : {}),
      },
      file,
      { index, id },
    );
    records.push({
      originalId: `incident:${id}`,
      objectType: 'incident',
      ...(version ? { version } : {}),
      index,
      kind: 'incident',
      status: 'live',
      incident,
    });
  }
  return {
    file,
    format: 'eurepoc-incidents',
    source,
    ...(version ? { fileVersion: version } : {}),
    objectCount: table.rows.length,
    records,
    skipped,
    notes: [],
  };
}

const speakerKinds: Array<[RegExp, SpeakerKind, string]> = [
  [/receiver government|state entity/i, 'government', 'the government of the targeted state'],
  [/EU institution/i, 'international-organization', 'an EU institution or agency'],
  [/international organization/i, 'international-organization', 'an international organization'],
  [/IT-security community/i, 'vendor', 'the IT-security community'],
  [/media-based/i, 'media', 'the media'],
  [/attacker confirms/i, 'accused-party', 'the attacker itself'],
  [/receiver attributes/i, 'researcher', 'the targeted organization'],
  [/third-party/i, 'researcher', 'a third party'],
  [/contested/i, 'researcher', 'a contested source'],
];

function basisOf(type: string): ClaimBasis | undefined {
  if (/technical report/i.test(type)) return 'forensics';
  if (/legal action|indictment/i.test(type)) return 'legal-process';
  if (/political statement/i.test(type)) return 'political-statement';
  return undefined;
}

/** Generic descriptions that name no group ("Russian hackers", "unknown actors"): not made into actors. */
const genericInitiator =
  /\b(hackers?|unknown|unidentified|not attributed|anonymous actors?|individuals?|persons?|state actors?)\b/i;

export function importEurepocAttributions(text: string, file: string): ImportBatch {
  const table = readCsv(text, file);
  const version = versionOf(file);
  const records: ImportRecord[] = [];
  const actors = new Map<string, ActorRecord>();
  const skipped = new Map<string, number>();
  const seen = new Map<string, number>();

  for (const { index, values } of table.rows) {
    const row = parseAt(attributionRowSchema, values, file, { index, id: values.incident_ID });
    const incidentId = intId(row.incident_ID);
    const attributionId = row.attribution_ID ? intId(row.attribution_ID) : `row${index}`;
    const group = `${incidentId}:${attributionId}`;
    const n = (seen.get(group) ?? 0) + 1;
    seen.set(group, n);
    const originalId = `attribution:${group}:${n}`;
    const at = { index, id: originalId };

    const category = cleanText(row.attributed_initiator_category);
    const initiator = isPlaceholder(row.attributed_initiator) ? undefined : cleanText(row.attributed_initiator);
    const initiatorState = isPlaceholder(row.attributed_initiator_country)
      ? undefined
      : countryCodeOf(row.attributed_initiator_country);
    let sponsor: { name: string; partOf?: string; state?: string } | undefined;
    let names: string[] = [];
    if (initiator && category !== 'State') {
      const unit = sponsorUnitOf(initiator);
      if (unit) sponsor = unit;
      else {
        const unpacked = unpackInitiator(initiator);
        names = unpacked.names;
        if (unpacked.sponsor) sponsor = { ...unpacked.sponsor, ...(initiatorState ? { state: initiatorState } : {}) };
      }
    }
    if (sponsor && !sponsor.state && initiatorState) sponsor = { ...sponsor, state: initiatorState };
    const state = initiatorState ?? (category === 'State' && initiator ? countryCodeOf(initiator) : undefined);

    // A named group becomes an actor record of its own; the store merges it with a known actor by name or id.
    let about: { originalId: string } | undefined;
    const named = names.filter((name) => !isPlaceholder(name));
    if (named.length > 0 && !genericInitiator.test(initiator ?? '') && /non-state|individual/i.test(category)) {
      const key = aliasKey(named.find((name) => !isAttackGroupId(name)) ?? named[0] ?? '');
      if (key !== '') {
        const actorId = `initiator:${key}`;
        if (!actors.has(actorId)) {
          const primary = named.find((name) => !isAttackGroupId(name)) ?? named[0] ?? '';
          actors.set(actorId, {
            originalId: actorId,
            objectType: 'attributed initiator',
            ...(version ? { version } : {}),
            index,
            kind: 'actor',
            status: 'live',
            distinct: false,
            actor: parseAt(
              importedActorSchema,
              {
                name: clipText(primary, 200),
                // The kind is left to curation: state links travel as claims, not as a label.
                kind: 'unknown',
                aliases: named.map((name) => ({ name: clipText(name, 200) })),
                keys: named.filter(isAttackGroupId).map((value) => ({ scheme: 'mitre-attack', value })),
              },
              file,
              at,
            ),
          });
        }
        about = { originalId: actorId };
      }
    }
    if (!about && !sponsor && !state) {
      countSkipped(skipped, 'attribution row (no attributed group, sponsor or state)');
      continue;
    }

    const basisText = cleanText(row.attribution_basis);
    const typeText = cleanText(row.attribution_type).replace(/\s*\(e\.g\.[^)]*\)/g, '');
    const [, kind, role] = speakerKinds.find(([pattern]) => pattern.test(basisText)) ?? [
      undefined,
      'researcher' as SpeakerKind,
      'an unnamed source',
    ];
    const attributingActor = isPlaceholder(row.attributing_actor) ? undefined : cleanText(row.attributing_actor);
    const company = isPlaceholder(row.attribution_it_company) ? undefined : cleanText(row.attribution_it_company);
    const speakerState = isPlaceholder(row.attributing_country) ? undefined : countryCodeOf(row.attributing_country);
    const organization = clipText(
      attributingActor ?? company ?? `${role.charAt(0).toUpperCase()}${role.slice(1)} (unnamed, per EuRepoC)`,
      160,
    );
    const contested = /contested/i.test(basisText);
    const blamed = [
      initiator ?? (state ? countryName(state) : undefined),
      initiator && state ? `(${countryName(state)})` : undefined,
    ]
      .filter((s) => s !== undefined)
      .join(' ');
    const said = yearCodedDate(row.attribution_date);
    const claim = parseAt(
      importedClaimSchema,
      {
        id: `eurepoc-${incidentId}-${slugify(attributionId, 20)}-${n}`,
        ...(said ? { said } : {}),
        speaker: {
          organization,
          ...(speakerState ? { state: speakerState } : {}),
          kind: company && !attributingActor ? 'vendor' : kind,
          onRecord: !/^anonymous/i.test(typeText),
        },
        stance: 'attributes',
        subject: {
          ...(sponsor ? { sponsor: { ...sponsor, name: clipText(sponsor.name, 160) } } : {}),
          ...(state ? { state } : {}),
        },
        statement: clipText(
          `EuRepoC records an attribution of this incident to ${blamed || 'an unnamed party'} by ${attributingActor ?? company ?? role}.`,
          1000,
        ),
        confidence: { level: 'unassessed' },
        ...(basisOf(typeText) ? { basis: basisOf(typeText) } : {}),
        basisDetail: clipText(
          `EuRepoC: ${[basisText, typeText].filter((s) => s !== '' && !isPlaceholder(s)).join('; ') || 'basis not available'}${contested ? '. Coded as a contested attribution.' : ''}`,
          600,
        ),
        source: {
          publisher: 'EuRepoC',
          title: clipText(`EuRepoC Attribution dataset${version ? ` ${version}` : ''}, incident ${incidentId}`, 300),
        },
      },
      file,
      at,
    );
    records.push({
      originalId,
      objectType: 'attribution row',
      ...(version ? { version } : {}),
      index,
      kind: 'claim',
      owner: { incident: `incident:${incidentId}` },
      ...(about ? { about } : {}),
      claim,
      flags: contested ? ['contested'] : [],
    });
  }
  return {
    file,
    format: 'eurepoc-attributions',
    source,
    ...(version ? { fileVersion: version } : {}),
    objectCount: table.rows.length,
    records: [...actors.values(), ...records],
    skipped,
    notes: [],
  };
}

/** The Receiver dataset repeats the Global Database's receivers; it is recognised and its rows skipped. */
export function importEurepocReceivers(text: string, file: string): ImportBatch {
  const table = readCsv(text, file);
  if (table.rows.length > 0 && !floatId.safeParse(table.rows[0]?.values.ID).success) {
    throw new ImportError(file, { index: 1, field: 'ID' }, 'expected an id such as "956"');
  }
  const skipped = new Map<string, number>([
    ['receiver row (the Global Database already lists receivers)', table.rows.length],
  ]);
  return {
    file,
    format: 'eurepoc-receivers',
    source,
    objectCount: table.rows.length,
    records: [],
    skipped,
    notes: [],
  };
}
