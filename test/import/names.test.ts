import { describe, expect, test } from 'vitest';
import { listCell } from '../../src/import/csv.ts';
import {
  aliasKey,
  countryCodeOf,
  isSpellingVariant,
  sponsorUnitOf,
  unpackInitiator,
  usDate,
  yearCodedDate,
} from '../../src/import/names.ts';

describe('names as sources write them', () => {
  test('GIVEN the three spellings of the Trend Micro alias THEN they resolve to one, while numbered names stay apart', () => {
    const canonical = aliasKey('REDBALDKNIGHT');
    expect(aliasKey('RedBaldKnight')).toBe(canonical);
    expect(isSpellingVariant(canonical, aliasKey('REBALDKNIGHT'))).toBe(true);
    expect(isSpellingVariant(canonical, aliasKey('RedBaldNight'))).toBe(true);
    expect(isSpellingVariant(aliasKey('APT28'), aliasKey('APT29'))).toBe(false);
    expect(isSpellingVariant(aliasKey('UNC2452'), aliasKey('UNC2453'))).toBe(false);
    expect(isSpellingVariant(aliasKey('Turla'), aliasKey('Turia'))).toBe(false);
  });

  test('GIVEN an EuRepoC packed initiator with an escaped \\xa0 THEN names and the sponsor unit come apart', () => {
    expect(unpackInitiator('Tick/BRONZE BUTLER/REBALDKNIGHT/G0060 (PLA, Unit\\xa061419)')).toEqual({
      names: ['Tick', 'BRONZE BUTLER', 'REBALDKNIGHT', 'G0060'],
      sponsor: { name: 'PLA Unit 61419', partOf: 'PLA' },
    });
    expect(unpackInitiator('Tick/BRONZE BUTLER (PLA, Unit\u00a061419)').sponsor?.name).toBe('PLA Unit 61419');
  });

  test('GIVEN sponsor units stored as synonyms THEN they are recognised; ordinary aliases are not', () => {
    expect(sponsorUnitOf('PLA Unit 61419')).toEqual({ name: 'PLA Unit 61419', partOf: 'PLA', state: 'CN' });
    expect(sponsorUnitOf('PLA Navy')).toEqual({ name: 'PLA Navy', partOf: 'PLA', state: 'CN' });
    expect(sponsorUnitOf('Bureau 121')).toEqual({ name: 'Bureau 121' });
    expect(sponsorUnitOf('Group 77')).toBeUndefined();
    expect(sponsorUnitOf('Stalker Panda')).toBeUndefined();
  });

  test('GIVEN Python-list cells, year-only and US dates, UN country names THEN they are read as meant', () => {
    expect(listCell("['Japan']")).toEqual(['Japan']);
    expect(listCell("[['ASIA', 'SCS', 'NEA']]")).toEqual(['ASIA', 'SCS', 'NEA']);
    expect(listCell("['People\\'s Republic']")).toEqual(["People's Republic"]);
    expect(listCell('China; Russia')).toEqual(['China', 'Russia']);
    expect(yearCodedDate('2021-01-01')).toBe('2021');
    expect(yearCodedDate('2019-03-18')).toBe('2019-03-18');
    expect(usDate('4/19/2021')).toBe('2021-04-19');
    expect(countryCodeOf("Korea (Democratic People's Republic of)")).toBe('KP');
    expect(countryCodeOf('Iran (Islamic Republic of)')).toBe('IR');
    expect(countryCodeOf('Russian Federation')).toBe('RU');
    expect(countryCodeOf('Japan')).toBe('JP');
    expect(countryCodeOf('Not a country')).toBeUndefined();
  });
});
