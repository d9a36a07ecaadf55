/**
 * The domain model, in one place. Every record that enters the store (curated files, imports) is parsed
 * with these schemas; the TypeScript types are inferred from them, never written twice.
 *
 * The claim is the atom: who said what about whom, when, how sure, on what basis, and where it was published.
 * A sponsor link ("Tick is directed by PLA Unit 61419") is a claim too, never an alias.
 */
import { z } from 'zod';

/** A calendar date, or a year / month when that is all the source gives ("2016", "2016-04", "2016-04-28"). */
export const partialDateSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD');

/** A full calendar date (YYYY-MM-DD). */
export const isoDateSchema = z.iso.date();

/** ISO 3166-1 alpha-2 country code, upper case ("JP", "CN"). */
export const countryCodeSchema = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as "JP"');

/** Stable, human-readable key used in files, URLs and buttons. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected lower-case words joined by hyphens, e.g. "jaxa-2016-tick"')
  .max(80);

/** TLP 2.0 markings, least to most restricted. */
export const tlpLevels = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export const tlpSchema = z.enum(tlpLevels);
export type Tlp = z.infer<typeof tlpSchema>;

/** ICD 203 expressions of likelihood, lowest to highest, plus "unassessed" when the speaker gave none we can map. */
export const likelihoodLevels = [
  'almost-no-chance',
  'very-unlikely',
  'unlikely',
  'roughly-even-chance',
  'likely',
  'very-likely',
  'almost-certain',
] as const;
export const likelihoodSchema = z.enum([...likelihoodLevels, 'unassessed']);
export type Likelihood = z.infer<typeof likelihoodSchema>;

export const stances = [
  'attributes',
  'corroborates',
  'denies',
  'non-acknowledgement',
  'evidence-challenge',
  'counter-accusation',
  'retracts',
] as const;
export const stanceSchema = z.enum(stances);
export type Stance = z.infer<typeof stanceSchema>;

/** Stances that push back on another claim; a claim with one of these should say what it responds to. */
export const counterStances: ReadonlySet<Stance> = new Set([
  'denies',
  'non-acknowledgement',
  'evidence-challenge',
  'counter-accusation',
  'retracts',
]);

export const speakerKinds = [
  'government',
  'law-enforcement',
  'international-organization',
  'vendor',
  'researcher',
  'media',
  'accused-party',
] as const;
export const speakerKindSchema = z.enum(speakerKinds);
export type SpeakerKind = z.infer<typeof speakerKindSchema>;

export const claimBases = ['forensics', 'intelligence', 'legal-process', 'political-statement'] as const;
export const claimBasisSchema = z.enum(claimBases);
export type ClaimBasis = z.infer<typeof claimBasisSchema>;

export const actorKinds = ['state-linked', 'criminal', 'hacktivist', 'unknown'] as const;
export const actorKindSchema = z.enum(actorKinds);
export type ActorKind = z.infer<typeof actorKindSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);

/** Where something was published. A URL only when it was actually read; otherwise leave it out. */
export const sourceSchema = z.strictObject({
  publisher: text(120),
  title: text(300).optional(),
  date: partialDateSchema.optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/** Who made a claim. `onRecord: false` marks anonymous sourcing ("investigative sources"). */
export const speakerSchema = z
  .strictObject({
    name: text(120).optional(),
    role: text(160).optional(),
    organization: text(160).optional(),
    state: countryCodeSchema.optional(),
    kind: speakerKindSchema,
    onRecord: z.boolean(),
  })
  .refine((s) => s.name !== undefined || s.organization !== undefined, {
    message: 'a speaker needs a name or an organization',
  });
export type Speaker = z.infer<typeof speakerSchema>;

/**
 * A sponsor named in a claim: a state, an agency or a unit. `partOf` names the larger body it belongs to
 * ("PLA Unit 61419" is part of "PLA"), so that nested sponsors are not reported as disagreeing.
 */
export const sponsorSchema = z.strictObject({
  name: text(160),
  partOf: text(160).optional(),
  state: countryCodeSchema.optional(),
});
export type Sponsor = z.infer<typeof sponsorSchema>;

/** Whom a claim is about: an actor from the store, a sponsor, a state, or several of these. */
export const claimSubjectSchema = z
  .strictObject({
    actor: slugSchema.optional(),
    sponsor: sponsorSchema.optional(),
    state: countryCodeSchema.optional(),
  })
  .refine((s) => s.actor !== undefined || s.sponsor !== undefined || s.state !== undefined, {
    message: 'a claim subject needs an actor, a sponsor or a state',
  });
export type ClaimSubject = z.infer<typeof claimSubjectSchema>;

export const confidenceSchema = z.strictObject({
  /** The speaker's own hedge words, verbatim ("highly likely"). */
  hedge: text(120).optional(),
  /** Normalized ICD 203 level; derived from `hedge` when left out. */
  level: likelihoodSchema.optional(),
});

export const claimSchema = z.strictObject({
  id: slugSchema,
  said: partialDateSchema,
  speaker: speakerSchema,
  stance: stanceSchema,
  subject: claimSubjectSchema,
  /** What was said, in our words, short ("PLA involvement in the intrusions"). */
  statement: text(600),
  /** A very short verbatim quote, only when the source has it in exactly these words. */
  quote: text(300).optional(),
  confidence: confidenceSchema.default({}),
  basis: claimBasisSchema.optional(),
  /** What the basis rests on, in our words ("suspect interviews, server-rental records"). */
  basisDetail: text(300).optional(),
  source: sourceSchema,
  tlp: tlpSchema.default('CLEAR'),
  /** The id of the claim this one answers (a denial answers an attribution). */
  respondsTo: slugSchema.optional(),
});
export type Claim = z.infer<typeof claimSchema>;
export type ClaimInput = z.input<typeof claimSchema>;

export const aliasSchema = z.strictObject({
  name: text(120),
  /** Who coined or uses the name ("Secureworks"). */
  coinedBy: text(120).optional(),
  source: sourceSchema.optional(),
});
export type Alias = z.infer<typeof aliasSchema>;

export const actorSchema = z.strictObject({
  slug: slugSchema,
  name: text(120),
  kind: actorKindSchema,
  aliases: z.array(aliasSchema).default([]),
  externalIds: z
    .strictObject({
      mitreAttack: z
        .string()
        .regex(/^G\d{4}$/)
        .optional(),
      mispGalaxy: z.uuid().optional(),
    })
    .default({}),
  description: text(1000),
  /** Claims about the actor that belong to no single incident (sponsor links, for instance). */
  claims: z.array(claimSchema).default([]),
});
export type Actor = z.infer<typeof actorSchema>;
export type ActorInput = z.input<typeof actorSchema>;

export const victimSchema = z.strictObject({
  name: text(200),
  sector: text(80).optional(),
  country: countryCodeSchema.optional(),
});
export type Victim = z.infer<typeof victimSchema>;

export const statusEventSchema = z.strictObject({
  date: partialDateSchema,
  /** What happened, in our words ("charges dropped"). */
  event: text(300),
  source: sourceSchema.optional(),
});
export type StatusEvent = z.infer<typeof statusEventSchema>;

export const incidentSchema = z.strictObject({
  slug: slugSchema,
  title: text(140),
  aliases: z.array(text(140)).default([]),
  period: z.strictObject({ start: partialDateSchema, end: partialDateSchema.optional() }),
  disclosed: partialDateSchema.optional(),
  victims: z.array(victimSchema).min(1),
  summary: text(1500),
  status: z.array(statusEventSchema).default([]),
  related: z.array(slugSchema).default([]),
  claims: z.array(claimSchema).default([]),
});
export type Incident = z.infer<typeof incidentSchema>;
export type IncidentInput = z.input<typeof incidentSchema>;
