/**
 * The extractor on sentences written for these tests (not corpus text): one or more per stance, the direction of
 * blame, negation, conditionals, questions, quotations of quotations, hedge words and offsets.
 */
import { describe, expect, test } from 'vitest';
import { countryName } from '../../src/domain/countries.ts';
import { extractClaims } from '../../src/extract/extract.ts';
import type { ClaimCandidate, Gazetteer } from '../../src/extract/types.ts';

const gazetteer: Gazetteer = {
  actors: [
    { slug: 'river-panda', name: 'River Panda', aliases: ['RIVERSIDE', 'Group 512'] },
    { slug: 'frost-bear', name: 'Frost Bear', aliases: ['COLDPLAY TEAM'] },
  ],
  incidents: [
    {
      slug: 'harbour-2031',
      title: 'Harbour authority breach (2031)',
      aliases: ['harbour hack'],
      victims: ['Harbour Authority'],
    },
  ],
};

const extract = (text: string) => extractClaims({ text }, gazetteer);

const summary = (c: ClaimCandidate) => ({
  claimantState: c.claimantState,
  stance: c.stance,
  actor: c.actor,
  sponsorState: c.sponsorState,
});

describe('attributions', () => {
  test('GIVEN a state body saying a state organ was behind THEN an attribution with the organ’s state as sponsor', () => {
    const [claim, ...rest] = extract(
      'The Dutch intelligence service said on Tuesday that Russian military hackers were behind the breach.',
    );
    expect(rest).toEqual([]);
    expect(claim && summary(claim)).toEqual({
      claimantState: 'NL',
      stance: 'attributes',
      actor: 'Russian military hackers',
      sponsorState: 'RU',
    });
  });

  test('GIVEN two states blaming one agency THEN one attribution per state', () => {
    const claims = extract('Canada and New Zealand have blamed the GRU for the intrusion at the port.');
    expect(claims.map(summary)).toEqual([
      { claimantState: 'CA', stance: 'attributes', actor: 'the GRU', sponsorState: 'RU' },
      { claimantState: 'NZ', stance: 'attributes', actor: 'the GRU', sponsorState: 'RU' },
    ]);
  });

  test('GIVEN a group the store knows THEN its slug, and the sponsor from "working for"', () => {
    const [claim] = extract(
      'Investigators from the Polish police said the harbour hack was carried out by RIVERSIDE, a crew working for the Chinese state.',
    );
    expect(claim).toMatchObject({
      claimantState: 'PL',
      actor: 'RIVERSIDE',
      actorSlug: 'river-panda',
      sponsorState: 'CN',
      incidentSlug: 'harbour-2031',
    });
  });

  test('GIVEN "state-sponsored" or "-backed" THEN the sponsor, for a group the store knows too', () => {
    const [known] = extract(
      'Japanese police said Chinese state-sponsored hackers known as RIVERSIDE breached the agency.',
    );
    expect(known).toMatchObject({ actorSlug: 'river-panda', sponsorState: 'CN' });
    const [backed] = extract(
      'Israeli officials said an Iran-backed group known as Frost Bear attacked the water utility.',
    );
    expect(backed).toMatchObject({ actorSlug: 'frost-bear', sponsorState: 'IR' });
  });

  test('GIVEN a passive with no agent THEN the claim is unattributed', () => {
    const [claim] = extract('The outage at the power plant has been blamed on North Korea.');
    expect(claim).toMatchObject({ claimant: '(unattributed)', claimantState: null, actor: 'North Korea' });
  });

  test('GIVEN a private company THEN no claimant state, even with a nationality in its name', () => {
    const [claim] = extract('The US security firm Acme Labs said Frost Bear was responsible for the leak.');
    expect(claim).toMatchObject({ claimantState: null, stance: 'attributes', actorSlug: 'frost-bear' });
  });
});

describe('more ways news reports an attribution', () => {
  test.each([
    [
      'an attack "by" someone, quoted',
      '"This was clearly an attack by Belarusian military intelligence," the Latvian defence minister said.',
      'LV',
      'Belarusian military intelligence',
    ],
    [
      '"bore the hallmarks of"',
      'Ukraine’s cyber police said the outage bore the hallmarks of Russian military intelligence.',
      'UA',
      'Russian military intelligence',
    ],
    [
      '"linked … to the attack"',
      'Canada’s cyber centre linked Frost Bear to the attack on the harbour authority.',
      'CA',
      'Frost Bear',
    ],
    [
      '"charged … with hacking"',
      'Austrian prosecutors charged two officers of the Iranian Revolutionary Guards with hacking the dam.',
      'AT',
      'two officers of the Iranian Revolutionary Guards',
    ],
    [
      'the nationality of the attack',
      'The Israeli army said it had thwarted an Iranian cyberattack on a water plant.',
      'IL',
      'Iran',
    ],
    [
      'a closing "according to"',
      'Frost Bear was behind the breach of the harbour authority, according to the Finnish police.',
      'FI',
      'Frost Bear',
    ],
    [
      '"pointed the finger at"',
      'Lithuanian officials pointed the finger at Belarusian intelligence for the leak.',
      'LT',
      'Belarusian intelligence',
    ],
    [
      '"was to blame"',
      'The Estonian prime minister said Moscow was to blame for the outage at the port.',
      'EE',
      'Moscow',
    ],
  ])('GIVEN %s THEN an attribution', (_, sentence, state, actor) => {
    const claims = extract(sentence);
    expect(claims.map((c) => [c.claimantState, c.stance, c.actor])).toEqual([[state, 'attributes', actor]]);
  });

  test('GIVEN a wire dateline and "X, Y and their allies" THEN one claim per named state', () => {
    const claims = extract(
      'OTTAWA (Wire) - Canada, Australia and their allies on Monday accused the Ministry of State Security of running the campaign.',
    );
    expect(claims.map((c) => [c.claimantState, c.actor, c.sponsorState])).toEqual([
      ['CA', 'the Ministry of State Security', 'CN'],
      ['AU', 'the Ministry of State Security', 'CN'],
    ]);
  });

  test('GIVEN "…, a charge Y rejected" THEN Y’s denial next to the accusation', () => {
    const claims = extract('Greece accused Turkish hackers of defacing ministry websites, a charge Ankara rejected.');
    expect(claims.map((c) => [c.claimantState, c.stance, c.actor])).toEqual([
      ['GR', 'attributes', 'Turkish hackers'],
      ['TR', 'denies', countryName('TR')],
    ]);
  });

  test('GIVEN a denial quoted before an inverted "said X of <state>" THEN that state’s denial', () => {
    const [claim] = extract('"We categorically deny any involvement," said Foreign Minister Ana Silva of Chile.');
    expect(claim).toMatchObject({
      claimantState: 'CL',
      stance: 'denies',
      actor: 'Chile',
      confidenceWording: 'categorically',
    });
  });

  test.each([
    [
      'background blame for other attacks',
      'Iran has also been blamed for a series of attacks on shipping firms in recent years.',
    ],
    ['a denial that is negated', 'The Iranian ministry did not deny the claims about the harbour hack.'],
    ['a location, not an attribution', 'Experts say the group is probably based somewhere in Iran.'],
    [
      'an attribution not made yet',
      'The Danish government is expected to formally attribute the attack to Russia next week.',
    ],
  ])('GIVEN %s THEN nothing', (_, sentence) => {
    expect(extract(sentence)).toEqual([]);
  });
});

test('GIVEN two accused states in one phrase THEN one attribution per accused', () => {
  const claims = extract('Albania blamed Iran and Syria for the outage of its border systems.');
  expect(claims.map((c) => [c.claimantState, c.actor, c.sponsorState])).toEqual([
    ['AL', 'Iran', 'IR'],
    ['AL', 'Syria', 'SY'],
  ]);
});

describe('corroboration and retraction', () => {
  test('GIVEN a state joining another in blaming THEN corroborates', () => {
    const [claim] = extract('Britain joined the United States in blaming Iran for the intrusion.');
    expect(claim && summary(claim)).toEqual({
      claimantState: 'GB',
      stance: 'corroborates',
      actor: 'Iran',
      sponsorState: 'IR',
    });
  });

  test('GIVEN a state withdrawing its attribution THEN retracts', () => {
    const [claim] = extract('Norway’s security police later withdrew their attribution of the leak to Belarus.');
    expect(claim).toMatchObject({ claimantState: 'NO', stance: 'retracts', actor: 'Belarus' });
  });
});

describe('push-back', () => {
  test('GIVEN an accused state denying involvement THEN the actor is that state', () => {
    const [claim] = extract('The Iranian embassy denied any involvement in the attack on the water utility.');
    expect(claim && summary(claim)).toEqual({
      claimantState: 'IR',
      stance: 'denies',
      actor: 'Iran',
      sponsorState: 'IR',
    });
  });

  test('GIVEN a denial that names the accused body THEN the actor is that body', () => {
    const [claim] = extract('A Kremlin spokesman denied that the FSB was behind the leak of the ministry emails.');
    expect(claim).toMatchObject({ claimantState: 'RU', stance: 'denies', actor: 'the FSB' });
  });

  test.each([
    'had carried out the breach at the harbour authority',
    'carried out the harbour hack',
    'had anything to do with the harbour hack',
    'orchestrated the breach',
  ])('GIVEN "denied that River Panda %s" THEN a denial naming the group', (predicate) => {
    const [claim] = extract(`The Sylvanian Foreign Ministry denied that River Panda ${predicate}.`);
    expect(claim).toMatchObject({ stance: 'denies', actor: 'River Panda', actorSlug: 'river-panda' });
  });

  test('GIVEN a rejection of another state’s allegations THEN a denial AND that state’s attribution', () => {
    const claims = extract("Vietnam rejected Thailand's allegations of Vietnamese military involvement in the hack.");
    expect(claims.map(summary)).toEqual([
      { claimantState: 'VN', stance: 'denies', actor: 'Vietnamese military', sponsorState: 'VN' },
      { claimantState: 'TH', stance: 'attributes', actor: 'Vietnamese military', sponsorState: 'VN' },
    ]);
  });

  test('GIVEN "had nothing to do with the intrusion" THEN one denial, however the state is named', () => {
    const claims = extract('The Chinese embassy in Canberra said Beijing had nothing to do with the intrusion.');
    expect(claims.map((c) => [c.claimantState, c.stance, c.sponsorState])).toEqual([['CN', 'denies', 'CN']]);
  });

  test('GIVEN the accusations called "…phobic hysteria" THEN evidence-challenge', () => {
    const [claim] = extract('A Russian diplomat called the accusations "Russophobic hysteria".');
    expect(claim).toMatchObject({ claimantState: 'RU', stance: 'evidence-challenge', actor: 'Russia' });
  });

  test('GIVEN an accusation called baseless THEN evidence-challenge', () => {
    const [claim] = extract(
      'The Pakistani foreign ministry called the accusations baseless and said India had offered no evidence.',
    );
    expect(claim).toMatchObject({ claimantState: 'PK', stance: 'evidence-challenge', actor: 'Pakistan' });
  });

  test('GIVEN "declined to comment" about who was behind THEN non-acknowledgement', () => {
    const [claim] = extract(
      'A spokesperson for the Swedish government declined to comment on who was behind the attack.',
    );
    expect(claim).toMatchObject({ claimantState: 'SE', stance: 'non-acknowledgement' });
  });

  test('GIVEN "declined to comment" about something else THEN nothing', () => {
    expect(extract('The Swedish minister declined to comment on the budget negotiations.')).toEqual([]);
  });

  test('GIVEN the accused side answering in a later paragraph THEN its quoted denial is read with its speaker', () => {
    const claims = extract(
      [
        'Australian officials said Iranian state hackers were behind the intrusion at the water utility.',
        'Iranian Foreign Ministry spokesman Ali Rostami called the claims a fabrication.',
        '"Our country has nothing to do with it," Rostami said.',
      ].join('\n\n'),
    );
    expect(claims.map(summary)).toEqual([
      { claimantState: 'AU', stance: 'attributes', actor: 'Iranian state hackers', sponsorState: 'IR' },
      { claimantState: 'IR', stance: 'evidence-challenge', actor: 'Iran', sponsorState: 'IR' },
      { claimantState: 'IR', stance: 'denies', actor: 'Iran', sponsorState: 'IR' },
    ]);
    expect(claims[2]?.claimant).toContain('Ali Rostami');
  });
});

describe('direction', () => {
  test('GIVEN "A accused B of disinformation after B said A’s hackers …" THEN a counter-accusation by A AND an attribution by B', () => {
    const claims = extract(
      'China accused the US of a disinformation campaign after Washington said Chinese hackers had broken into the network of a defence contractor.',
    );
    expect(claims.map(summary)).toEqual([
      { claimantState: 'CN', stance: 'counter-accusation', actor: 'China', sponsorState: 'CN' },
      { claimantState: 'US', stance: 'attributes', actor: 'Chinese hackers', sponsorState: null },
    ]);
  });

  test('GIVEN "A accused B of hacking after B blamed A" THEN A hits back, B attributes', () => {
    const claims = extract(
      'Beijing accused Washington of hacking Chinese universities after the United States blamed China for the breach.',
    );
    expect(claims.map((c) => [c.claimantState, c.stance])).toEqual([
      ['US', 'attributes'],
      ['CN', 'counter-accusation'],
    ]);
  });

  test('GIVEN "Beijing:" as a dateline THEN Beijing is not taken for the speaker', () => {
    const [claim] = extract('Seoul: Japan blamed North Korea for the theft of cryptocurrency from an exchange.');
    expect(claim).toMatchObject({ claimantState: 'JP', actor: 'North Korea' });
  });
});

describe('what is left out rather than guessed', () => {
  test.each([
    ['a negated accusation', 'The minister did not blame Russia for the incident at the refinery.'],
    ['a "never accused"', 'Officials have never accused Iran of the attack on the railway.'],
    ['a counterfactual', 'The ambassador said he would be surprised if Syria had been responsible for the attack.'],
    ['a question', 'Was Iran behind the attack on the ministry?'],
    ['a reported question', 'Asked whether Turkey was responsible for the breach, the spokesman smiled.'],
    ['a generic relative clause', 'Attacks that the West blames Iran for could be discussed at the summit.'],
    ['a narrative without a speaker', 'Hackers breached the harbour authority in March.'],
    [
      'an accusation inside someone else’s quotation',
      '“They keep saying ‘Iran was behind the attack’,” the ambassador said.',
    ],
  ])('GIVEN %s THEN no attribution', (_, sentence) => {
    expect(extract(sentence).filter((c) => c.stance === 'attributes')).toEqual([]);
  });

  test('GIVEN a credit line repeating a headline THEN nothing from it', () => {
    expect(extract('Source: Example Wire: Frost Bear blamed for pipeline outage')).toEqual([]);
  });
});

describe('hedges and offsets', () => {
  test('GIVEN hedge words THEN they come verbatim with their ICD 203 level', () => {
    const [claim] = extract(
      "Estonia's foreign ministry said Russian military intelligence was highly likely behind the attack.",
    );
    expect(claim).toMatchObject({ confidenceWording: 'highly likely', likelihood: 'very-likely' });
    expect(claim?.quote).toContain(claim?.confidenceWording ?? '—');
  });

  test('GIVEN belief words THEN verbatim and unassessed', () => {
    const [claim] = extract(
      '“We believe that Frost Bear was responsible,” the Danish defence minister told reporters.',
    );
    expect(claim).toMatchObject({ claimantState: 'DK', confidenceWording: 'We believe', likelihood: 'unassessed' });
  });

  test('GIVEN no hedge THEN null and unassessed', () => {
    const [claim] = extract('Lithuania blamed Belarus for the outage.');
    expect(claim).toMatchObject({ confidenceWording: null, likelihood: 'unassessed' });
  });

  test('GIVEN several paragraphs, abbreviations and a quotation with full stops THEN every quote is the text at its offsets', () => {
    const text = [
      'U.S. blames Frost Bear for harbour hack',
      '',
      'The U.S. government said on Monday that Frost Bear, a unit of Russian military intelligence, was behind the attack. It gave no details.',
      '',
      '"There is no evidence. None at all. This is slander," the Russian embassy said.',
    ].join('\n');
    const claims = extract(text);
    expect(claims.length).toBeGreaterThanOrEqual(2);
    for (const c of claims) {
      expect(text.slice(c.start, c.end)).toBe(c.quote);
      if (c.confidenceWording) expect(c.quote).toContain(c.confidenceWording);
    }
    const quoted = claims.find((c) => c.stance === 'evidence-challenge');
    expect(quoted?.quote.startsWith('"There is no evidence. None at all.')).toBe(true);
    expect(quoted?.claimantState).toBe('RU');
  });
});

describe('generalised frames (found missing on held-out articles)', () => {
  test('GIVEN a group the article introduces ("a group known as X") THEN it is an actor, without a store slug', () => {
    const [claim] = extract('Norway said a hacking crew known as Paper Kite was behind the outage.');
    expect(claim).toMatchObject({ stance: 'attributes', actor: 'Paper Kite', actorSlug: null });
  });

  test('GIVEN the comma inside the closing quotation mark THEN the speaker after it still counts', () => {
    const [claim] = extract('"Without a doubt River Panda is behind this," the Sylvanian Interior Ministry said.');
    expect(claim).toMatchObject({
      stance: 'attributes',
      actorSlug: 'river-panda',
      claimant: 'the Sylvanian Interior Ministry',
    });
  });

  test('GIVEN "X was operating on behalf of Y" THEN X is the actor; "this activity was carried out on behalf of Y" THEN Y', () => {
    expect(
      extract('Norway’s security police said River Panda was likely operating on behalf of the Chinese military.')[0],
    ).toMatchObject({
      stance: 'attributes',
      actorSlug: 'river-panda',
    });
    expect(
      extract('The ministry said the activity was carried out on behalf of the Chinese state, in its view.')[0],
    ).toMatchObject({ stance: 'attributes', actor: 'the Chinese state', sponsorState: 'CN' });
  });

  test('GIVEN "had no role in the incident" THEN a denial; GIVEN a denial about cyberattacks in general THEN nothing', () => {
    expect(extract('Russia’s embassy said Moscow had no role in the incident.')[0]).toMatchObject({
      stance: 'denies',
      claimantState: 'RU',
    });
    expect(extract('Russia has long denied involvement in cyberattacks.')).toEqual([]);
  });

  test('GIVEN a private organisation or a clause after "but" THEN the speaker is found for a no-comment', () => {
    expect(extract('The airport operator would not speculate about the origin of the breach.')[0]).toMatchObject({
      stance: 'non-acknowledgement',
      claimant: 'The airport operator',
      claimantState: null,
    });
    expect(
      extract(
        'A spokesman for the bank said it was working with police but could not say who was behind the attack.',
      )[0],
    ).toMatchObject({ stance: 'non-acknowledgement', claimant: 'A spokesman for the bank' });
  });

  test('GIVEN "attempted to break into" THEN an attribution like any other verb of attack', () => {
    expect(
      extract('Norway said River Panda attempted to break into the harbour authority’s mail servers.')[0],
    ).toMatchObject({
      stance: 'attributes',
      actorSlug: 'river-panda',
    });
  });
});

describe('last round of generalisation', () => {
  test('GIVEN a dateline in one country and a speaker placed in another THEN the speaker keeps the place’s state', () => {
    const text =
      'OSLO (Example Wire) - Norway said River Panda breached the harbour authority.\n\nAt a briefing in Beijing, a foreign ministry spokesman said the accusation was groundless.';
    const challenge = extractClaims({ text }, gazetteer).find((c) => c.stance === 'evidence-challenge');
    expect(challenge?.claimantState).toBe('CN');
  });

  test.each([
    'The Norwegian police said it was too early to assign blame for the harbour hack.',
    'The Norwegian police said they would not rule out that a foreign state was behind the harbour hack.',
    'The Norwegian police stopped short of blaming anyone for the harbour hack.',
  ])('GIVEN "%s" THEN non-acknowledgement', (sentence) => {
    expect(extract(sentence)[0]?.stance).toBe('non-acknowledgement');
  });

  test('GIVEN "the evidence points to X" THEN an attribution; GIVEN "has previously accused" THEN nothing', () => {
    expect(extract('"The evidence points clearly to River Panda," the Norwegian police said.')[0]).toMatchObject({
      stance: 'attributes',
      actorSlug: 'river-panda',
    });
    expect(extract('Norway has previously accused River Panda of attacking its ministries.')).toEqual([]);
  });
});

test('GIVEN a central bank THEN it speaks for its state, unlike a commercial bank', () => {
  expect(extract('Norway’s central bank said River Panda was behind the theft.')[0]?.claimantState).toBe('NO');
  expect(extract('A Norwegian bank said River Panda was behind the theft.')[0]?.claimantState ?? null).toBeNull();
});
