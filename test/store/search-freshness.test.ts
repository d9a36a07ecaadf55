/**
 * Another process (an import, a review) may write the store while the bot runs: the bot's in-memory search index
 * must follow every committed change at its next query, and a rebuild must rewrite only the entities that changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { rebuildSearchIndex } from '../../src/store/search-index.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { migrationsDir, repositoryDataDir } from '../helpers/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'cyberbrief-search-freshness-'));
const path = join(dir, 'store.sqlite');
const open = () =>
  openStore({ path, dataDir: repositoryDataDir, migrationsDir, clock: fixedClock('2026-01-01T00:00:00Z') });
const bot = open();
const importer = open();
afterAll(() => {
  bot.close();
  importer.close();
  rmSync(dir, { recursive: true, force: true });
});

const found = (store: Store, query: string) => {
  const outcome = store.searchIncidents(query);
  return outcome.kind === 'match'
    ? [outcome.item.slug]
    : outcome.kind === 'choices'
      ? outcome.items.map((i) => i.slug)
      : [];
};
const nameIds = (store: Store, slug: string) =>
  store.db
    .prepare(
      `SELECT n.id FROM search_names n JOIN incidents i ON i.id = n.entity_id
       WHERE n.entity_kind = 'incident' AND i.slug = ? ORDER BY n.id`,
    )
    .pluck()
    .all(slug);

/** What an import does: change records, then bring the search names up to date, in one transaction. */
const write = (sql: string, ...args: unknown[]) =>
  importer.db.transaction(() => {
    importer.db.prepare(sql).run(...args);
    rebuildSearchIndex(importer.db);
  })();

describe('search index across processes', () => {
  test('GIVEN another connection adds an alias THEN the next search finds it, and only that incident was rewritten', () => {
    expect(found(bot, 'sunburst')).toEqual(['solarwinds-2020']);
    expect(found(bot, 'quasarblick')).toEqual([]);
    const untouched = nameIds(importer, 'notpetya-2017');
    const before = nameIds(importer, 'solarwinds-2020');
    write(
      "INSERT INTO incident_aliases (incident_id, name) SELECT id, 'Quasarblick' FROM incidents WHERE slug = ?",
      'solarwinds-2020',
    );
    expect(found(bot, 'quasarblick')).toEqual(['solarwinds-2020']);
    expect(nameIds(importer, 'notpetya-2017')).toEqual(untouched);
    expect(nameIds(importer, 'solarwinds-2020')).not.toEqual(before);
  });

  test('GIVEN another connection deprecates an incident THEN the next search no longer offers it', () => {
    expect(found(bot, 'notpetya')).toContain('notpetya-2017');
    write("UPDATE incidents SET deprecated_by = 'test' WHERE slug = ?", 'notpetya-2017');
    expect(found(bot, 'notpetya')).not.toContain('notpetya-2017');
    expect(found(bot, 'quasarblick')).toEqual(['solarwinds-2020']);
  });

  test('GIVEN a rebuild with nothing changed THEN no name is rewritten', () => {
    const all = importer.db.prepare('SELECT id FROM search_names ORDER BY id').pluck().all();
    importer.db.transaction(() => rebuildSearchIndex(importer.db))();
    expect(importer.db.prepare('SELECT id FROM search_names ORDER BY id').pluck().all()).toEqual(all);
  });
});
