/**
 * The rules. Each family reads one sentence unit and adds drafts through the kit, which applies what holds for all
 * of them: a negated denial is no denial, blame for a series of other attacks is background, and backing someone
 * else's attribution is corroboration.
 */
import type { Stance } from '../domain/schemas.ts';
import { type ActorSlot, personNameIn, type ResolvedActor, resolveActor } from './actors.ts';
import {
  type Context,
  type Draft,
  draftsFor,
  leftPhrase,
  passiveClaimant,
  resolveAll,
  speakerAt,
  trailingAttribution,
} from './claimants.ts';
import { findStateMentions, stateName } from './lexicon.ts';
import type { SentenceUnit } from './segment.ts';
import type { Claimant } from './speakers.ts';
import { clauseAt, quoteAt, type UnitView } from './units.ts';
import {
  accusationVocabulary,
  attackVocabulary,
  backgroundMention,
  corroboration,
  evidenceWords,
  involvementAfter,
  NP,
  negatedBefore,
  pushBackVerb,
  reportingVerb,
  smearCharge,
} from './vocabulary.ts';

export interface RuleKit {
  ctx: Context;
  view: UnitView;
  unit: SentenceUnit;
  assertive: string;
  plain: string;
  negated(at: number): boolean;
  add(claimants: Claimant[], stance: Stance, actor: ActorSlot, at: number, rule: string): void;
}

const pastHabit = /\b(?:has|have|had)\s+(?:previously|long|repeatedly|in the past|before)\s*$/;

/** A kit for one unit; the drafts the rules add go into `drafts`. */
export function createKit(ctx: Context, view: UnitView, drafts: Draft[]): RuleKit {
  const { unit, assertive, plain } = view;
  const negated = (at: number) => negatedBefore.test(assertive.slice(Math.max(0, at - 40), at));
  const add = (claimants: Claimant[], stance: Stance, actor: ActorSlot, at: number, rule: string): void => {
    if (actor === null) return;
    // "blamed Russia and Iran for …": one claim per accused.
    if (actor !== 'self' && actor.slug === null && /\s+and\s+/.test(actor.text)) {
      const parts = actor.text.split(/\s+and\s+/).map((part) => resolveActor(part, ctx.findActors));
      if (parts.length > 1 && parts.every((p) => p !== null && p !== 'self')) {
        for (const part of parts) add(claimants, stance, part, at, rule);
        return;
      }
    }
    // "did not deny the claims" is no denial.
    if ((stance === 'denies' || stance === 'evidence-challenge') && rule !== 'evidence:wrongly-accused' && negated(at))
      return;
    // "X has also been blamed for a series of attacks": background about other incidents.
    if (rule === 'passive:blamed-for' || rule === 'passive:blamed-on') {
      const clause = clauseAt(view, at);
      if (backgroundMention.test(unit.text.slice(clause.start, clause.end))) return;
    }
    // "Britain joined the US in blaming …", "Canada confirmed the assessment that …": backing someone else's claim.
    const lead = unit.text.slice(clauseAt(view, at).start, at);
    // "Canada has previously accused …", "has long blamed …": history, usually about other incidents.
    if ((stance === 'attributes' || stance === 'corroborates') && pastHabit.test(lead)) return;
    if (stance === 'attributes' && corroboration.test(lead)) {
      drafts.push(...draftsFor(claimants, { unit, stance: 'corroborates', actor, at, rule: `${rule}+corroborates` }));
      return;
    }
    drafts.push(...draftsFor(claimants, { unit, stance, actor, at, rule }));
  };

  return { ctx, view, unit, assertive, plain, negated, add };
}

/** Attributions carried by their verb: blame, accuse, attribute, link, charge, "an attack by". */
export function verbFrameAttributions(kit: RuleKit): void {
  const { ctx, view, unit, assertive, negated, add } = kit;
  // X blamed Y (for …)
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\b(?:blam(?:e|es|ed|ing)|point(?:s|ed|ing)? the finger at)\s+(?!for\b|on\b|by\b)(?<np>${NP}{1,80}?)(?=\s+for\b|\s+over\b|\s*[,;:.!?]|\s+(?:because|after|as|next|last|this|on|in)\b|\s+and\b(?!\s+(?:the\s+)?[A-Z][\p{L}-]+(?:\s[A-Z][\p{L}-]+)?(?:\s+(?:for|over)\b|\s*[,;:.!?]))|$)`,
      'gu',
    ),
  )) {
    const np = m.groups?.np ?? '';
    const after = assertive.slice(m.index + m[0].length);
    // "operations that critics blame Iran for may …": a relative clause about attacks in general.
    if (/^\s+for\s*(?:$|[,.;]|(?:could|can|is|are|was|were|has|have|would|will|may|might|should)\b)/.test(after))
      continue;
    if (negated(m.index)) continue;
    add(
      speakerAt(ctx, view, m.index),
      'attributes',
      resolveActor(np, ctx.findActors, after),
      m.index,
      'verb-frame:blame',
    );
  }

  // Y blamed for …, Y has been blamed for … (no agent)
  for (const m of assertive.matchAll(
    /\s(?:(?:has|have|had)\s+been\s+|(?:is|are|was|were)\s+(?:being\s+)?)?(?:also\s+|widely\s+)?blamed\s+for\b/g,
  )) {
    const clause = clauseAt(view, m.index);
    const { phrase } = leftPhrase(assertive, m.index, clause.start);
    if (negated(m.index + 1)) continue;
    add(
      passiveClaimant(ctx, view, m.index),
      'attributes',
      resolveActor(phrase, ctx.findActors),
      m.index,
      'passive:blamed-for',
    );
  }

  // … blamed on Y, … pinned on Y, … was attributed to Y
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\b(?:blamed on|pinned on|(?:is|are|was|were|been|being)\s+attributed to)\s+(?<np>${NP}{1,60}?)(?=\s+(?:in|for|over|after|by|last|this|since)\b|\s*[,;:.!?]|$)`,
      'g',
    ),
  )) {
    if (negated(m.index)) continue;
    add(
      passiveClaimant(ctx, view, m.index),
      'attributes',
      resolveActor(m.groups?.np ?? '', ctx.findActors),
      m.index,
      'passive:blamed-on',
    );
  }

  // X attributed the attack to Y
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\battribut(?:e|es|ed|ing)\s+(?!to\b)[^.;]{1,80}?\s+to\s+(?<np>${NP}{1,100}?)(?=\s*[,;:.!?]|\s+(?:in|for|over|after|and|next|last|this|on)\b|$)`,
      'g',
    ),
  )) {
    if (negated(m.index)) continue;
    add(
      speakerAt(ctx, view, m.index),
      'attributes',
      resolveActor(m.groups?.np ?? '', ctx.findActors),
      m.index,
      'verb-frame:attribute',
    );
  }

  // X accused Y of …  (Y may itself contain "of": "the Ministry of State Security")
  for (const m of assertive.matchAll(/\baccus(?:e|es|ed|ing)\s+(?<rest>[^.;]{1,220})/g)) {
    if (negated(m.index)) continue;
    const rest = m.groups?.rest ?? '';
    const names = findStateMentions(rest);
    const split = [...rest.matchAll(/\sof\s/g)].find(
      (o) => o.index <= 80 && !names.some((n) => n.index < o.index && o.index < n.index + n.text.length),
    );
    if (!split) continue;
    const np = rest.slice(0, split.index);
    const charge = rest.slice(split.index + split[0].length);
    const claimants = speakerAt(ctx, view, m.index);
    if (smearCharge.test(charge)) add(claimants, 'counter-accusation', 'self', m.index, 'verb-frame:accuse-smear');
    else add(claimants, 'attributes', resolveActor(np, ctx.findActors, charge), m.index, 'verb-frame:accuse');
  }

  // X linked Y to the attack; links between Y and …; X identified Y as the culprit; traced the attack to Y
  const linkRules: Array<[RegExp, string]> = [
    [
      new RegExp(
        String.raw`\blink(?:ed|s|ing)\s+(?:the\s+|this\s+|that\s+)?(?:same\s+)?(?:malware|tools?|infrastructure|servers?|code|attacks?|intrusions?|breach(?:es)?|campaigns?|activity|hack)\s+to\s+(?<np>${NP}{1,60}?)(?=\s*[,;:.!?]|\s+(?:in|for|after|and|during|since)\b|$)`,
        'g',
      ),
      'verb-frame:linked-evidence-to',
    ],
    [
      new RegExp(
        String.raw`\blink(?:ed|s|ing)\s+(?<np>${NP}{1,60}?)\s+to\s+(?:the|this|that|a|an|last|these|recent)\b[^.;]{0,40}?\b(?:attacks?|hack\w*|breach\w*|intrusions?|campaigns?|activity|incidents?|outages?|operations?|espionage)\b`,
        'g',
      ),
      'verb-frame:linked-to',
    ],
    [
      new RegExp(
        String.raw`\b(?:established|found|identified|uncovered)\s+(?:clear\s+|strong\s+|direct\s+)?links?\s+between\s+(?<np>${NP}{1,80}?)\s+and\b`,
        'g',
      ),
      'verb-frame:links-between',
    ],
    [
      new RegExp(
        String.raw`\b(?:identified|named|unmasked|exposed)\s+(?<np>${NP}{1,60}?)\s+as\s+(?:the\s+)?(?:culprits?|perpetrators?|attackers?|source|party|actors?)\b`,
        'g',
      ),
      'verb-frame:identified-as',
    ],
    [
      new RegExp(
        String.raw`\b(?:evidence|clues|traces|indicators|forensics)\s+(?:\w+\s+){0,2}?points?\s+(?:\w+\s+)?to(?:ward)?\s+(?<np>${NP}{1,60}?)(?=\s*[,;:.!?"”]|\s+(?:in|for|after|and)\b|$)`,
        'g',
      ),
      'verb-frame:evidence-points-to',
    ],
    [
      new RegExp(
        String.raw`\btraced\s+[^.;]{0,50}?\bto\s+(?<np>${NP}{1,60}?)(?=\s*[,;:.!?]|\s+(?:in|for|after|and)\b|$)`,
        'g',
      ),
      'verb-frame:traced-to',
    ],
  ];
  for (const [pattern, rule] of linkRules) {
    for (const m of assertive.matchAll(pattern)) {
      if (negated(m.index)) continue;
      const following = assertive.slice(m.index + m[0].length, clauseAt(view, m.index).end);
      add(
        speakerAt(ctx, view, m.index),
        'attributes',
        resolveActor(m.groups?.np ?? '', ctx.findActors, following),
        m.index,
        rule,
      );
    }
  }

  // "bore the hallmarks of Y" (reported); prosecutors "charged Y with hacking"
  const signatureRules: Array<[RegExp, string, boolean]> = [
    [
      new RegExp(
        String.raw`\b(?:bore|bears|bear|had|has|have|carried|carries|showed|shows)\s+(?:all\s+)?the\s+(?:hallmarks|fingerprints|signature)\s+of\s+(?<np>${NP}{1,60}?)(?=\s*[,;:.!?]|\s+(?:and|in|for)\b|$)`,
        'g',
      ),
      'verb-frame:hallmarks',
      true,
    ],
    [
      new RegExp(
        String.raw`\b(?:charged|indicted|convicted|sanctioned)\s+(?<np>${NP}{1,80}?)\s+(?:with|for|over)\s+(?:[\p{L}-]+\s+){0,3}?(?:hack\w*|attacks?|intrusions?|breach\w*|espionage|computer|cyber\w*|conspiracy)`,
        'gu',
      ),
      'verb-frame:charged',
      false,
    ],
  ];
  for (const [pattern, rule, needsReport] of signatureRules) {
    for (const m of assertive.matchAll(pattern)) {
      const clause = clauseAt(view, m.index);
      if (needsReport && !reportingVerb.test(assertive.slice(clause.start, m.index)) && !trailingAttribution(unit.text))
        continue;
      if (negated(m.index)) continue;
      const np = m.groups?.np ?? '';
      const known = resolveActor(np, ctx.findActors, assertive.slice(m.index + m[0].length, clause.end));
      const person = personNameIn(np);
      const actor: ActorSlot = known ?? (person ? { text: person, slug: null, sponsorState: null } : null);
      add(speakerAt(ctx, view, m.index), 'attributes', actor, m.index, rule);
    }
  }

  // "… said it thwarted an Iranian cyberattack": the nationality of an attack names its origin.
  for (const m of assertive.matchAll(
    /\b(?:an?|the)\s+(?<adjective>[A-Z][\p{L}-]+(?:\s[A-Z][\p{L}-]+)?)\s+(?:state-sponsored\s+|state-backed\s+)?(?:cyber ?-?attacks?|hack(?:ing)? (?:attempt|campaign|operation)s?|intrusions?|cyber ?-?operations?|cyber ?-?espionage(?: campaign)?)\b(?!\s+(?:group|gang|unit|team|actor|crew)s?\b)/gu,
  )) {
    const demonym = findStateMentions(m.groups?.adjective ?? '').find((d) => d.kind === 'demonym' && d.index === 0);
    const clause = clauseAt(view, m.index);
    if (!demonym || !reportingVerb.test(assertive.slice(clause.start, m.index)) || negated(m.index)) continue;
    const claimants = speakerAt(ctx, view, m.index).filter((c) => c.state !== demonym.code);
    add(
      claimants,
      'attributes',
      { text: stateName(demonym.code), slug: null, sponsorState: demonym.code },
      m.index,
      'verb-frame:national-attack',
    );
  }

  // "…, a charge Islamabad rejected": the rejection by the state named in the apposition
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\b(?:a|an|the)\s+(?:charge|claim|accusation|allegation)s?\s+(?:that\s+)?(?<np>${NP}{1,60}?)\s+(?:has\s+|have\s+|had\s+)?(?:strongly\s+|flatly\s+)?(?<verb>rejected|rejects|denied|denies|dismissed|dismisses|refuted|refutes)\b`,
      'g',
    ),
  )) {
    const claimants = resolveAll(ctx, unit, m.groups?.np ?? '', m.index + m[0].indexOf(m.groups?.np ?? ''));
    const stance: Stance = /dismiss/.test(m.groups?.verb ?? '') ? 'evidence-challenge' : 'denies';
    add(claimants, stance, 'self', m.index, 'apposition:charge-rejected');
  }

  // "… an attack by Y", reported or quoted
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\b(?:attacks?|hacks?|hacking|intrusions?|operations?|breach|campaign)\s+(?:was\s+|were\s+)?(?:carried out\s+|conducted\s+|launched\s+|perpetrated\s+|orchestrated\s+)?by\s+[“"‘']?(?<np>${NP}{1,60}?)(?=[’'”"]?\s*[,;:.!?]|\s+(?:in|on|for|over|after|and|against|under)\b|$)`,
      'g',
    ),
  )) {
    const clause = clauseAt(view, m.index);
    const reported =
      quoteAt(unit, m.index) !== undefined ||
      reportingVerb.test(assertive.slice(clause.start, m.index)) ||
      trailingAttribution(unit.text) !== null;
    if (!reported || negated(m.index)) continue;
    const following = unit.text.slice(m.index + m[0].length, clause.end);
    add(
      speakerAt(ctx, view, m.index),
      'attributes',
      resolveActor(m.groups?.np ?? '', ctx.findActors, following),
      m.index,
      'verb-frame:attack-by',
    );
  }
}

/** Attributions inside a report: "… said Y was behind", "… believe Y carried out", passives, sanctions. */
export function reportedAttributions(kit: RuleKit): void {
  const { ctx, view, unit, assertive, negated, add } = kit;
  // … said (that) Y was behind / is responsible for …   and   "Country says Y likely behind …"
  for (const m of assertive.matchAll(
    /\s(?:(?:was|is|were|are|had been|has been|have been|might|may|could|must|would)(?:\s+(?:be|have been|(?:(?:very|most|highly|quite|almost)\s+)?[a-z]+ly|in all likelihood))*\s+|(?:(?:very|most|highly|quite|almost)\s+)?(?:likely|probably|possibly|certainly)\s+)?(?:behind|responsible(?:\s+for)?|involved\s+in|involved|to blame)\b/g,
  )) {
    const clause = clauseAt(view, m.index);
    const { phrase, start } = leftPhrase(assertive, m.index, clause.start);
    const lead = assertive.slice(clause.start, start);
    const headlineSays = unit.isHeadline && /\bsays?\b/.test(lead);
    const asClaims = /^(?:As|According to)\s/.test(unit.text.slice(unit.bodyOffset));
    if (!(reportingVerb.test(lead) || headlineSays || asClaims || trailingAttribution(unit.text))) continue;
    if (
      pushBackVerb.test(lead) ||
      /\bnot\s*$/.test(
        assertive
          .slice(0, m.index + 1)
          .trimEnd()
          .replace(/\s(?:be|been)$/, ''),
      )
    )
      continue;
    if (/\bnot\b/.test(m[0])) continue;
    add(
      speakerAt(ctx, view, start),
      'attributes',
      resolveActor(phrase, ctx.findActors, assertive.slice(m.index + m[0].length, clause.end)),
      m.index,
      'verb-frame:behind',
    );
  }

  // … said Y was operating on behalf of Z (Y the actor, Z its sponsor); … said this activity was carried out on
  // behalf of Z (Z the actor: the subject is the event, not a party).
  for (const m of assertive.matchAll(
    /\s(?:was|were|is|are|been|be)\s+(?:(?:very|most|highly|quite|almost)\s+)?(?:[a-z]+ly\s+)?(?:operating|working|acting|carried out|conducted|done|run)\s+(?:on behalf of|at the behest of|at the direction of|under the direction of)\s+/g,
  )) {
    const clause = clauseAt(view, m.index);
    const { phrase, start } = leftPhrase(assertive, m.index, clause.start);
    const lead = assertive.slice(clause.start, start);
    const reported = reportingVerb.test(lead) || trailingAttribution(unit.text) !== null || quoteAt(unit, m.index);
    if (!reported || negated(m.index + 1)) continue;
    const sponsor = assertive.slice(m.index + m[0].length, clause.end);
    const subjectIsEvent = /\b(?:activity|attacks?|breach|intrusion|operation|campaign|hack|this|it)\s*$/i.test(phrase);
    const actor = subjectIsEvent
      ? resolveActor(sponsor, ctx.findActors)
      : resolveActor(phrase, ctx.findActors, sponsor);
    add(speakerAt(ctx, view, start), 'attributes', actor, m.index, 'verb-frame:on-behalf-of');
  }

  // … said (that) Y caused / carried out / breached …
  for (const m of assertive.matchAll(
    /\s(?:had\s+|has\s+|have\s+)?(?:caused|carried out|conducted|launched|orchestrated|perpetrated|breached|hacked(?: into)?|stole|broke into|broken into|penetrated|infiltrated|compromised|attacked|targeted|exploited|sabotaged|disrupted|disabled|crippled|knocked out|shut down|leaked|wiped|spied on|(?:attempted|tried|sought)\s+to\s+(?:break into|hack(?: into)?|breach|penetrate|infiltrate|compromise|sabotage|disrupt))\b/g,
  )) {
    const clause = clauseAt(view, m.index);
    const { phrase, start } = leftPhrase(assertive, m.index, clause.start);
    const lead = assertive.slice(clause.start, start);
    if (
      !(reportingVerb.test(lead) || trailingAttribution(unit.text)) ||
      pushBackVerb.test(lead) ||
      negated(m.index + 1)
    )
      continue;
    if (/^\s*(?:were|was|been)\s*$/.test(phrase)) continue;
    add(
      speakerAt(ctx, view, start),
      'attributes',
      resolveActor(phrase, ctx.findActors, assertive.slice(m.index + m[0].length, clause.end)),
      m.index,
      'verb-frame:carried-out',
    );
  }

  // … were conducted by Y (reported)
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\b(?:conducted|carried out|launched|perpetrated|orchestrated|committed)\b[^.;]{0,40}?\bby\s+[“"‘']?(?<np>${NP}{1,60}?)(?=[’'”"]?\s*[,;:.!?]|\s+(?:in|for|over|after|and|under)\b|$)`,
      'g',
    ),
  )) {
    const clause = clauseAt(view, m.index);
    if (!reportingVerb.test(assertive.slice(clause.start, m.index)) && !/\s(?:said|says)\b/.test(unit.text)) continue;
    if (negated(m.index)) continue;
    const following = unit.text.slice(m.index + m[0].length, clause.end);
    add(
      speakerAt(ctx, view, m.index),
      'attributes',
      resolveActor(m.groups?.np ?? '', ctx.findActors, following),
      m.index,
      'passive:carried-out-by',
    );
  }

  // The involvement of Y is highly likely
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\binvolvement of\s+(?<np>${NP}{1,60}?)\s+(?:is|was)\s+(?:\w+\s+)?(?:likely|probable|certain|clear|evident|established|confirmed|undeniable)\b`,
      'g',
    ),
  )) {
    add(
      speakerAt(ctx, view, m.index),
      'attributes',
      resolveActor(m.groups?.np ?? '', ctx.findActors),
      m.index,
      'verb-frame:involvement-likely',
    );
  }

  // Passive belief: "Z is thought to be a member of Y", "Y is suspected to be behind …"
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\b(?:is|are|was|were)\s+(?:widely\s+)?(?:believed|thought|suspected)\s+to\s+(?:be|have been)\s+(?<rel>part of|a member of|members of|linked to|affiliated with|working for|behind|responsible for)\s+(?<np>${NP}{1,60}?)(?=\s*[,;:.!?]|$)`,
      'g',
    ),
  )) {
    const rel = m.groups?.rel ?? '';
    const clause = clauseAt(view, m.index);
    const np = /behind|responsible/.test(rel)
      ? leftPhrase(assertive, m.index, clause.start).phrase
      : (m.groups?.np ?? '');
    add(
      passiveClaimant(ctx, view, m.index),
      'attributes',
      resolveActor(np, ctx.findActors),
      m.index,
      'passive:believed',
    );
  }

  // X pursues sanctions against / charges Y (a named person or group)
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\b(?:sanctions?|charges|indictment|arrest warrant)\s+(?:against|on)\s+(?<np>${NP}{1,80}?)(?=\s*[,;:.!?]|$)`,
      'g',
    ),
  )) {
    const np = m.groups?.np ?? '';
    const known = resolveActor(np, ctx.findActors);
    const person = personNameIn(np);
    const actor: ResolvedActor | null =
      known && known !== 'self' && known.slug
        ? known
        : person
          ? { text: person, slug: null, sponsorState: null }
          : null;
    if (!actor) continue;
    add(speakerAt(ctx, view, m.index), 'attributes', actor, m.index, 'verb-frame:sanctions');
  }
}

/** "… in cyberattacks", "… in hacking": attacks in general, not one incident. */
const generalObject =
  /^\s*(?:in|with)\s+(?:any\s+|all\s+)?(?:(?:such|foreign|malicious)\s+)?(?:cyber-?\s?attacks|hacking|hacks|cyber-?\s?crimes?|cyber-?\s?espionage)\b/i;

/** Denials and challenges to the evidence. */
export function pushBack(kit: RuleKit): void {
  const { ctx, view, unit, assertive, plain, add } = kit;
  // X denied involvement — unless in attacks in general ("has denied involvement in cyberattacks"), which is
  // background, not an answer about this incident.
  for (const m of assertive.matchAll(
    /\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing))\s+(?:any\s+|all\s+)?(?:[\p{L}’'-]+\s+){0,2}?(?:involvement|responsibility|participation|role|links?|wrongdoing)\b/gu,
  )) {
    if (generalObject.test(assertive.slice(m.index + m[0].length))) continue;
    add(speakerAt(ctx, view, m.index), 'denies', 'self', m.index, 'verb-frame:deny-involvement');
  }

  // X had no role in / played no part in …
  for (const m of assertive.matchAll(
    /\b(?:had|has|have|played|plays|play)\s+(?:absolutely\s+)?no\s+(?:role|part|hand|involvement)\s+(?:in|with)\b/g,
  )) {
    if (generalObject.test(assertive.slice(m.index + m[0].length - 3))) continue;
    add(speakerAt(ctx, view, m.index), 'denies', 'self', m.index, 'verb-frame:no-role');
  }

  // X denied (that) Y was behind …
  for (const m of assertive.matchAll(
    new RegExp(
      String.raw`\bden(?:y|ies|ied|ying)\s+(?:(?:on|in)\s+\w+\s+)?(?:that\s+)?(?<np>${NP}{1,60}?)\s+(?:(?:was|were|is|are|had been|has been|have been)\s+(?:ever\s+)?(?:behind|responsible|involved)|(?:had\s+|has\s+|have\s+)?(?:ever\s+)?(?:carried out|conducted|launched|staged|perpetrated|orchestrated|mounted)|(?:had|has|have)\s+(?:anything|something)\s+to\s+do\s+with)\b`,
      'g',
    ),
  )) {
    add(
      speakerAt(ctx, view, m.index),
      'denies',
      resolveActor(m.groups?.np ?? '', ctx.findActors) ?? 'self',
      m.index,
      'verb-frame:deny-that',
    );
  }

  // X rejected (Z's) allegations (of Y's involvement) — and Z's allegation itself, when reported in narrative
  for (const m of assertive.matchAll(
    /\b(?:reject(?:s|ed|ing)?|den(?:y|ies|ied|ying)|refut(?:e|es|ed|ing))\s+(?<owner>(?:[\p{L}’'.-]+\s+){0,4}?)(?:allegations?|accusations?|claims?|charges?|suggestions?)\b/gu,
  )) {
    const end = m.index + m[0].length;
    const tail = unit.text.slice(end);
    const involvement = involvementAfter.exec(tail);
    const named = involvement?.groups?.np ? resolveActor(involvement.groups.np, ctx.findActors) : null;
    const claimants = speakerAt(ctx, view, m.index);
    // "rejected the accusation as fabricated / groundless": the answer is about the evidence, not a plain denial.
    const asWhat = /^[^.;]{0,40}?\b(?:as|calling (?:it|them))\b([^.;]{0,80})/.exec(tail);
    const stance = asWhat && evidenceWords.test(asWhat[1] ?? '') ? 'evidence-challenge' : 'denies';
    add(claimants, stance, named ?? 'self', m.index, 'verb-frame:reject-allegations');
    const ownerText = `${m.groups?.owner ?? ''} ${/^\s*(?:from|by)\s+(?:the\s+)?([A-Z][\p{L}.]+(?:\s[A-Z][\p{L}]+)?)/u.exec(tail)?.[1] ?? ''}`;
    const owner = findStateMentions(ownerText)[0];
    if (owner && named && named !== 'self' && quoteAt(unit, m.index) === undefined) {
      add(
        [{ claimant: owner.text, state: owner.code, body: null, person: null }],
        'attributes',
        named,
        m.index,
        'embedded:allegation',
      );
    }
  }

  // Y had nothing to do with the attack
  for (const m of assertive.matchAll(
    /\s(?:had|has|have)\s+(?:absolutely\s+)?nothing to do with\s+(?:the|this|these|that|any)\s+(?:[\p{L}-]+\s+){0,4}?(?:attacks?|hack\w*|breach\w*|intrusions?|incidents?|outages?|leaks?|operations?)\b/gu,
  )) {
    const clause = clauseAt(view, m.index);
    const { phrase, start } = leftPhrase(assertive, m.index, clause.start);
    add(
      speakerAt(ctx, view, start),
      'denies',
      resolveActor(phrase, ctx.findActors) ?? 'self',
      m.index,
      'negated:nothing-to-do-with',
    );
  }

  // Y was not behind …
  for (const m of assertive.matchAll(/\s(?:was|is|were|are)\s+not\s+(?:behind|responsible|involved)\b/g)) {
    const clause = clauseAt(view, m.index);
    const { phrase, start } = leftPhrase(assertive, m.index, clause.start);
    add(
      speakerAt(ctx, view, start),
      'denies',
      resolveActor(phrase, ctx.findActors) ?? 'self',
      m.index,
      'negated:not-behind',
    );
  }

  // Push-back on the evidence
  const evidenceRules: Array<[RegExp, string]> = [
    [
      /\bdismiss(?:es|ed|ing)?\s+(?:[\p{L}’'-]+\s+){0,4}?(?:allegations?|accusations?|claims?|charges?|reports?|suggestions?|indictments?|sanctions|findings?|assessments?|attributions?|statements?)\b/gu,
      'evidence:dismiss',
    ],
    [
      /\b(?:challeng\w+|call\w* on|urg\w+|demand\w*|ask\w*|invit\w+)\s+(?:[\p{L}’'-]+\s+){0,3}?to\s+(?:provide|show|present|produce|offer|share|give)\s+(?:any\s+|the\s+)?(?:proof|evidence)\b/gu,
      'evidence:challenge-to-prove',
    ],
    [
      /\b(?:hasn[’']t|has not|have not|haven[’']t|never|did not|didn[’']t|failed to|has yet to|have yet to)\s+(?:\w+\s+)?(?:offered|provided|presented|shown|produced|offer|provide|present|show|produce)\s+(?:any|a single|a shred|a scrap|evidence|proof)\b/gi,
      'evidence:none-offered',
    ],
    [
      /\bif\s+(?:[\p{L}’'-]+\s+){1,3}?(?:indeed\s+|really\s+|actually\s+)?(?:has|have|had)\s+(?:any\s+)?(?:[\p{L}-]+\s+)?(?:proof|evidence)\b/giu,
      'evidence:if-proof',
    ],
    [
      /\b(?:hard|difficult|impossible)\s+to\s+(?:track|trace|identify|attribute|determine|pin down)\b/gi,
      'evidence:untraceable',
    ],
    [/\b(?:wrongly|falsely|groundlessly|unfairly)\s+(?:accus\w+|blam\w+)\b/gi, 'evidence:wrongly-accused'],
  ];
  for (const [pattern, rule] of evidenceRules) {
    for (const m of plain.matchAll(pattern)) {
      const tail = unit.text.slice(m.index + m[0].length);
      const involvement = involvementAfter.exec(tail);
      const objectOf =
        rule === 'evidence:wrongly-accused' ? /^\s+(?<np>[^,;.]{1,40}?)(?=\s*[,;.]|\s+of\b|$)/.exec(tail) : null;
      const np = involvement?.groups?.np ?? objectOf?.groups?.np;
      const named = np ? resolveActor(np, ctx.findActors) : null;
      add(speakerAt(ctx, view, m.index), 'evidence-challenge', named ?? 'self', m.index, rule);
    }
  }
  const word = evidenceWords.exec(plain);
  if (word && accusationVocabulary.test(plain)) {
    const involvement = /\b(?:of|over|about)\s+(?<np>[^,;.]{1,60}?)(?:[’']s?|[’'])?\s+involvement\b/.exec(unit.text);
    const named = involvement?.groups?.np ? resolveActor(involvement.groups.np, ctx.findActors) : null;
    add(speakerAt(ctx, view, word.index), 'evidence-challenge', named ?? 'self', word.index, 'evidence:wording');
  }
}

/** "No comment" about the incident, and taking back an attribution. */
export function acknowledgementAndRetraction(kit: RuleKit): void {
  const { ctx, view, unit, assertive, plain, add } = kit;
  // No comment, not aware, no inquiries received …
  const nonAck =
    /\b(?:declin\w+|refus\w+)\s+to\s+(?:comment|confirm|speculate|attribute|name|say|identify)\b|\bno comment\b|\bnot aware\b|\btoo early to (?:say|tell|attribute|determine|speculate|assign blame|blame|know)\b|\b(?:would|could|did|will) not rule out\b|\bstopped short of (?:blaming|naming|attributing|accusing)\b|\b(?:do|does|did)(?:n[’']t| not) (?:have|know) (?:any )?(?:information|anything|details)\b|\bhave no (?:information|details)\b|\b(?:sent|received|provided|submitted|made) no\b|\bno (?:official )?(?:inquir\w*|requests?)\b|\b(?:has|have|had)(?:n[’']t| not) (?:studied|seen|received|examined|reviewed) any\b|\b(?:could|would|will|did) not (?:confirm|say|speculate|comment)\b|\bneither confirm\w* nor den\w+/i;
  const na = nonAck.exec(plain);
  if (na) {
    const previous = ctx.previousUnit(unit);
    const aboutIncident =
      attackVocabulary.test(unit.text) ||
      // "… and declined to comment further" right after an accusation or an attack: about that.
      (/\bfurther\b/.test(unit.text) &&
        previous !== null &&
        (attackVocabulary.test(previous.text) || accusationVocabulary.test(previous.text))) ||
      /\b(?:responsib\w+|behind|blam\w+|attribut\w+)\b/i.test(unit.text) ||
      (/\b(?:this|the) (?:issue|matter|case|incident)\b/i.test(unit.text) &&
        previous !== null &&
        attackVocabulary.test(previous.text));
    if (aboutIncident) {
      const known = ctx.findActors(unit.text)[0];
      const actor: ResolvedActor = known
        ? { text: known.text, slug: known.slug, sponsorState: null }
        : { text: '', slug: null, sponsorState: null };
      add(speakerAt(ctx, view, na.index), 'non-acknowledgement', actor, na.index, 'non-acknowledgement');
    }
  }

  // Taking back an earlier attribution
  const retraction =
    /\b(?:retract\w*|withdr[ae]w\w*|walk\w* back)\s+(?:its|their|his|her|the)\s+(?:attribution|accusation|claim|allegation)s?\b|\bno longer\s+(?:believes?|blames?|suspects?|attributes?)\b/i.exec(
      assertive,
    );
  if (retraction) {
    const rest = unit.text.slice(retraction.index + retraction[0].length);
    const known = ctx.findActors(rest)[0];
    const state = findStateMentions(rest)[0];
    const actor: ActorSlot = known
      ? { text: known.text, slug: known.slug, sponsorState: null }
      : state
        ? { text: state.text, slug: null, sponsorState: state.code }
        : null;
    add(speakerAt(ctx, view, retraction.index), 'retracts', actor, retraction.index, 'verb-frame:retract');
  }
}

/** Second-pass rules: push-back that only reads as such from a speaker on the accused side. */
export function accusedSideDrafts(ctx: Context, view: UnitView, accusedStates: Set<string>): Draft[] {
  const { unit, plain, assertive } = view;
  const drafts: Draft[] = [];
  const onAccusedSide = (at: number) =>
    speakerAt(ctx, view, at).filter((c) => c.state !== null && accusedStates.has(c.state));
  const rules: Array<[RegExp, Stance, string, boolean]> = [
    [
      /\b(?:no (?:relation|connection|links?|involvement)\b|nothing to do with|not involved|never (?:been )?involved|did not (?:carry out|conduct|launch|hack|attack)|(?:has|have) never (?:attacked|hacked|carried out))/i,
      'denies',
      'accused-side:no-relation',
      true,
    ],
    [
      /\b(?:similar to|resembl\w+|consistent with|the same as|hallmarks of)\b(?:[^.;]|\.(?=\w|\s+[a-z])){0,60}\b(?:used by|of|employed by)\s+(?:[^.;]|\.(?=\w|\s+[a-z])){0,40}\b(?:intelligence|agencies|services|spies|hackers)\b/i,
      'counter-accusation',
      'accused-side:points-elsewhere',
      true,
    ],
    [
      /\b(?:world[’']s\s+)?(?:largest|biggest|greatest|main|real)\s+(?:source|perpetrator|culprit|hacker|threat)s?\b|\bhacker empire\b|\b(?:itself|themselves)\s+(?:conducts?|carries out|engages? in)\b/i,
      'counter-accusation',
      'accused-side:accuser-is-culprit',
      false,
    ],
    [evidenceWords, 'evidence-challenge', 'accused-side:wording', false],
    [
      /\b(?:claims?|accusations?|allegations?|suspicions?|speculation)\b/i,
      'evidence-challenge',
      'accused-side:disparages-claims',
      false,
    ],
  ];
  for (const [pattern, stance, rule, assertiveOnly] of rules) {
    const text = assertiveOnly ? assertive : plain;
    const m = pattern.exec(text);
    if (!m) continue;
    // Talk about "the claims" is push-back only in the accused side's own words.
    if (rule === 'accused-side:disparages-claims' && quoteAt(unit, m.index) === undefined) continue;
    const claimants = onAccusedSide(m.index);
    drafts.push(
      ...claimants.map((claimant) => ({ unit, claimant, stance, actor: 'self' as const, at: m.index, rule })),
    );
  }
  return drafts;
}
